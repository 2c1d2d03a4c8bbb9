//
// Operations.cpp - create / cleanup callbacks.
//
#include "ctxflt.h"

namespace ctxflt {

namespace {

FLT_POSTOP_CALLBACK_STATUS FLTAPI
PostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
           _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !Filter::Running() ||
        !NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    InstanceContext* inst = nullptr;
    if (!NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, reinterpret_cast<PFLT_CONTEXT*>(&inst)))) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    auto releaseInst = MakeScopeExit([&] { FltReleaseContext(inst); });

    InterlockedIncrement(&inst->Opens);

    StreamHandleContext* sh = nullptr;
    NTSTATUS status = FltAllocateContext(Filter::Handle(), FLT_STREAMHANDLE_CONTEXT, sizeof(StreamHandleContext),
                                         NonPagedPoolNx, reinterpret_cast<PFLT_CONTEXT*>(&sh));
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    auto releaseSh = MakeScopeExit([&] { FltReleaseContext(sh); });

    sh->OpenerPid = PsGetCurrentProcessId();
    KeQuerySystemTime(&sh->OpenTime);
    sh->WriteAccess = BooleanFlagOn(Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess,
                                    FILE_WRITE_DATA | FILE_APPEND_DATA);

    status = FltSetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                       FLT_SET_CONTEXT_KEEP_IF_EXISTS, sh, nullptr);
    if (NT_SUCCESS(status)) {
        InterlockedIncrement(&inst->Handles);
        if (Filter::LogOpens()) {
            CF_LOG("open pid=%p write=%d on %wZ", sh->OpenerPid, sh->WriteAccess, &inst->VolumeName);
        }
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCleanup(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
           _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = nullptr;

    StreamHandleContext* sh = nullptr;
    if (!NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                              reinterpret_cast<PFLT_CONTEXT*>(&sh)))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    InstanceContext* inst = nullptr;
    if (NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, reinterpret_cast<PFLT_CONTEXT*>(&inst)))) {
        InterlockedDecrement(&inst->Handles);
        FltReleaseContext(inst);
    }

    // handle is going away; detach the context now instead of at close
    FltDeleteContext(sh);
    FltReleaseContext(sh);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

} // anonymous namespace

const FLT_OPERATION_REGISTRATION OperationRegistration[] = {
    { IRP_MJ_CREATE,  0, nullptr,    PostCreate },
    { IRP_MJ_CLEANUP, 0, PreCleanup, nullptr },
    { IRP_MJ_OPERATION_END }
};

} // namespace ctxflt
