// filter.cpp - scan files on open for write by asking the user-mode scanner
#include "scanfilt.h"

namespace scan {

static NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS Flags);

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
PostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
           PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Information == FILE_DOES_NOT_EXIST ||
        g.ClientPort == nullptr ||
        PsGetCurrentProcessId() == g.ClientPid) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    auto note = static_cast<PSCAN_NOTIFICATION>(
        ExAllocatePool2(POOL_FLAG_PAGED, sizeof(SCAN_NOTIFICATION), SCAN_TAG));
    if (note == nullptr) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    LARGE_INTEGER offset = {};
    ULONG read = 0;
    NTSTATUS status = FltReadFile(FltObjects->Instance, FltObjects->FileObject, &offset,
                                  SCAN_READ_SIZE, note->Contents,
                                  FLTFL_IO_OPERATION_NON_CACHED | FLTFL_IO_OPERATION_DO_NOT_UPDATE_BYTE_OFFSET,
                                  &read, nullptr, nullptr);
    if (NT_SUCCESS(status) && read > 0) {
        note->ProcessId = FltGetRequestorProcessId(Data);
        note->BytesToScan = read;
        if (!AskScanner(note)) {
            FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
            Data->IoStatus.Status = STATUS_ACCESS_DENIED;
            Data->IoStatus.Information = 0;
        }
    }
    ExFreePoolWithTag(note, SCAN_TAG);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static NTSTATUS FLTAPI
QueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}

static const FLT_OPERATION_REGISTRATION Ops[] = {
    { IRP_MJ_CREATE, 0, nullptr, PostCreate },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,
    Ops,
    Unload,
    nullptr,                // attach to everything
    QueryTeardown,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr
};

void ProcessNotify(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info)
{
    UNREFERENCED_PARAMETER(Process);
    if (Info == nullptr && Pid == g.ClientPid) {
        // the disconnect callback closes the client port; nothing to free here
        SCAN_DBG(DPFLTR_INFO_LEVEL, "scanner process %p exiting", Pid);
    }
}

static NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    ClosePort();

    if (g.ProcessNotify) {
        PsSetCreateProcessNotifyRoutineEx(ProcessNotify, TRUE);
        g.ProcessNotify = FALSE;
    }

    FltUnregisterFilter(g.Filter);
    g.Filter = nullptr;
    SCAN_DBG(DPFLTR_INFO_LEVEL, "unloaded%s", "");
    return STATUS_SUCCESS;
}

} // namespace scan
