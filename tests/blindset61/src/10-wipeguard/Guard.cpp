// Guard.cpp - filter callbacks
#include "WipeGuard.h"

namespace wg {

namespace {

const UNICODE_STRING kProtectedExt[] = {
    RTL_CONSTANT_STRING(L"bak"),
    RTL_CONSTANT_STRING(L"vhdx"),
    RTL_CONSTANT_STRING(L"wbcat"),
};

bool IsProtectedFile(_In_ PFLT_CALLBACK_DATA Data)
{
    PFLT_FILE_NAME_INFORMATION info = nullptr;
    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &info))) {
        return false;
    }
    bool hit = false;
    if (NT_SUCCESS(FltParseFileNameInformation(info))) {
        for (const auto& ext : kProtectedExt) {
            if (RtlEqualUnicodeString(&info->Extension, &ext, TRUE)) {
                hit = true;
                break;
            }
        }
    }
    FltReleaseFileNameInformation(info);
    return hit;
}

FLT_PREOP_CALLBACK_STATUS Deny(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects)
{
    VolumeContext* ctx = nullptr;
    if (NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, reinterpret_cast<PFLT_CONTEXT*>(&ctx)))) {
        InterlockedIncrement(&ctx->Denied);
        FltReleaseContext(ctx);
    }
    WG_TRACE("denied major %u from pid %p", Data->Iopb->MajorFunction, PsGetCurrentProcessId());
    Data->IoStatus.Status = STATUS_ACCESS_DENIED;
    Data->IoStatus.Information = 0;
    return FLT_PREOP_COMPLETE;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
          _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    *CompletionContext = nullptr;
    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    const ULONG disposition = (Data->Iopb->Parameters.Create.Options >> 24) & 0xFF;
    const bool destructive = disposition == FILE_SUPERSEDE || disposition == FILE_OVERWRITE ||
                             disposition == FILE_OVERWRITE_IF ||
                             FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DELETE_ON_CLOSE);
    if (!destructive || AllowList::Contains(PsGetCurrentProcessId()) || !IsProtectedFile(Data)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return Deny(Data, FltObjects);
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreSetInfo(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
           _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    *CompletionContext = nullptr;
    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    switch (Data->Iopb->Parameters.SetFileInformation.FileInformationClass) {
    case FileDispositionInformation:
    case FileDispositionInformationEx:
    case FileEndOfFileInformation:
    case FileAllocationInformation:
        break;
    default:
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (AllowList::Contains(PsGetCurrentProcessId()) || !IsProtectedFile(Data)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return Deny(Data, FltObjects);
}

NTSTATUS FLTAPI
InstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
              _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    VolumeContext* ctx = nullptr;
    NTSTATUS status = FltAllocateContext(FltObjects->Filter, FLT_INSTANCE_CONTEXT, sizeof(VolumeContext),
                                NonPagedPoolNx, reinterpret_cast<PFLT_CONTEXT*>(&ctx));
    if (!NT_SUCCESS(status)) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->FsType = VolumeFilesystemType;

    status = FltSetInstanceContext(FltObjects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, nullptr);
    FltReleaseContext(ctx);

    return NT_SUCCESS(status) ? STATUS_SUCCESS : STATUS_FLT_DO_NOT_ATTACH;
}

const FLT_OPERATION_REGISTRATION kOps[] = {
    { IRP_MJ_CREATE,          0,                                            PreCreate,  nullptr },
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, PreSetInfo, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_CONTEXT_REGISTRATION kContexts[] = {
    { FLT_INSTANCE_CONTEXT, 0, nullptr, sizeof(VolumeContext), WG_CTX_TAG },
    { FLT_CONTEXT_END }
};

} // anonymous namespace

const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    kContexts,
    kOps,
    FilterUnload,
    InstanceSetup,
    nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

void ProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId, _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    if (CreateInfo == nullptr) {
        // pids get recycled; an exited allowed pid must not bless a stranger
        AllowList::Remove(ProcessId);
    }
}

} // namespace wg
