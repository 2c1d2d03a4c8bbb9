//
// edrflt - tiny EDR sensor: process creation + file delete/rename telemetry
// streamed to the agent over a filter communication port.
//
#include "Common.h"

using namespace edr;

namespace {

PFLT_FILTER g_Filter = nullptr;

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreSetInformation(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    if (!CommPort::IsConnected() || Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    MsgType type;
    switch (Data->Iopb->Parameters.SetFileInformation.FileInformationClass) {
    case FileDispositionInformation:
    case FileDispositionInformationEx:
        type = MsgType::FileDelete;
        break;
    case FileRenameInformation:
    case FileRenameInformationEx:
        type = MsgType::FileRename;
        break;
    default:
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    PFLT_FILE_NAME_INFORMATION nameInfo = nullptr;
    NTSTATUS status = FltGetFileNameInformation(Data,
                                                FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                                &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    auto msg = static_cast<Message*>(ExAllocatePool2(POOL_FLAG_PAGED, sizeof(Message), EDR_TAG));
    if (msg) {
        msg->Header.Type = type;
        msg->Header.ProcessId = FltGetRequestorProcessId(Data);
        CopyPath(msg->Path, &nameInfo->Name);
        CommPort::Send(*msg);
        ExFreePoolWithTag(msg, EDR_TAG);
    }

    FltReleaseFileNameInformation(nameInfo);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS FLTAPI FilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    EDR_LOG("FilterUnload");

    FltUnregisterFilter(g_Filter);
    CommPort::Close();
    g_Filter = nullptr;

    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI InstanceQueryTeardown(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS)
{
    return STATUS_SUCCESS;
}

const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, PreSetInformation, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          // Flags
    nullptr,                    // Context registration
    Callbacks,
    FilterUnload,
    nullptr,                    // InstanceSetup: attach everywhere
    InstanceQueryTeardown,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = FltRegisterFilter(DriverObject, &FilterRegistration, &g_Filter);
    if (!NT_SUCCESS(status)) {
        EDR_LOG("FltRegisterFilter 0x%X", status);
        return status;
    }

    auto unwind = MakeScopeExit([&]() {
        ProcessTracker::Stop();
        CommPort::Close();
        FltUnregisterFilter(g_Filter);
        g_Filter = nullptr;
    });

    status = CommPort::Create(g_Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ProcessTracker::Start();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltStartFiltering(g_Filter);
    if (!NT_SUCCESS(status)) {
        EDR_LOG("FltStartFiltering 0x%X", status);
        return status;
    }

    unwind.Dismiss();
    EDR_LOG("sensor running");
    return STATUS_SUCCESS;
}
