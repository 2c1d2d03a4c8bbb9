//
// driver.cpp - CryptoWatch entry, registration and I/O callbacks
//
#include "cryptowatch.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

namespace cw {

PFLT_FILTER g_Filter = nullptr;

namespace {

NTSTATUS FLTAPI Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    port::Close();

    FltUnregisterFilter(g_Filter);
    g_Filter = nullptr;

    events::Drain();
    CW_TRACE("unloaded");
    return STATUS_SUCCESS;
}

HandleState* GetState(_In_ PCFLT_RELATED_OBJECTS FltObjects)
{
    PFLT_CONTEXT ctx = nullptr;
    if (!NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject, &ctx))) {
        return nullptr;
    }
    return static_cast<HandleState*>(ctx);
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
PostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID, FLT_POST_OPERATION_FLAGS Flags)
{
    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE || !FltObjects->FileObject->WriteAccess) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    PFLT_CONTEXT ctx = nullptr;
    if (NT_SUCCESS(FltAllocateContext(FltObjects->Filter, FLT_STREAMHANDLE_CONTEXT,
                                      sizeof(HandleState), NonPagedPoolNx, &ctx))) {
        RtlZeroMemory(ctx, sizeof(HandleState));
        (void)FltSetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                        FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, nullptr);
        FltReleaseContext(ctx);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreWrite(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS FltObjects, PVOID* CompletionContext)
{
    *CompletionContext = nullptr;
    if (auto st = GetState(FltObjects)) {
        InterlockedIncrement(&st->Writes);
        FltReleaseContext(st);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
PostSetInfo(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID, FLT_POST_OPERATION_FLAGS Flags)
{
    auto isRename = [](FILE_INFORMATION_CLASS c) {
        return c == FileRenameInformation || c == FileRenameInformationEx;
    };

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status) ||
        !isRename(Data->Iopb->Parameters.SetFileInformation.FileInformationClass)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (auto st = GetState(FltObjects)) {
        st->Renamed = TRUE;
        FltReleaseContext(st);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCleanup(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID* CompletionContext)
{
    *CompletionContext = nullptr;

    auto st = GetState(FltObjects);
    if (st == nullptr) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (st->Renamed && st->Writes > 0) {
        Event e = {};
        e.ProcessId = FltGetRequestorProcessId(Data);
        e.Writes = static_cast<ULONG>(st->Writes);

        PFLT_FILE_NAME_INFORMATION ni = nullptr;
        if (NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT, &ni))) {
            e.NameBytes = static_cast<USHORT>(min(ni->Name.Length, sizeof(e.Name)));
            RtlCopyMemory(e.Name, ni->Name.Buffer, e.NameBytes);
            FltReleaseFileNameInformation(ni);
        }
        events::Push(e);
    }

    FltReleaseContext(st);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

const FLT_CONTEXT_REGISTRATION s_Contexts[] = {
    { FLT_STREAMHANDLE_CONTEXT, 0, nullptr, sizeof(HandleState), CW_TAG },
    { FLT_CONTEXT_END }
};

const FLT_OPERATION_REGISTRATION s_Ops[] = {
    { IRP_MJ_CREATE,          0, nullptr,    PostCreate },
    { IRP_MJ_WRITE,           FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, PreWrite, nullptr },
    { IRP_MJ_SET_INFORMATION, 0, nullptr,    PostSetInfo },
    { IRP_MJ_CLEANUP,         0, PreCleanup, nullptr },
    { IRP_MJ_OPERATION_END }
};

} // anonymous namespace

const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    s_Contexts,
    s_Ops,
    Unload,
    nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

} // namespace cw

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;

    CW_TRACE("DriverEntry");

    status = FltRegisterFilter(DriverObject, &cw::g_Registration, &cw::g_Filter);
    CW_RETURN_IF_FAILED(status, "FltRegisterFilter");

    status = FltStartFiltering(cw::g_Filter);
    if (!NT_SUCCESS(status)) {
        CW_ERROR("FltStartFiltering failed 0x%08X", status);
        FltUnregisterFilter(cw::g_Filter);
        cw::g_Filter = nullptr;
        return status;
    }

    cw::events::Init();

    status = cw::port::Create(cw::g_Filter);
    CW_RETURN_IF_FAILED(status, "port::Create");

    CW_TRACE("ready");
    return STATUS_SUCCESS;
}
