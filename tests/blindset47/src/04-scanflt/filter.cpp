// filter.cpp - scanflt: on-access scanning minifilter.
//
// Every successful open of a regular file for read/execute is sent to scand;
// an "infected" verdict cancels the open with STATUS_VIRUS_INFECTED.  If
// scand is not connected we fail open.
#include "scanflt.hpp"

using namespace scan;

PFLT_FILTER   Driver::Filter   = nullptr;
volatile LONG Driver::InFlight = 0;

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Information == FILE_DOES_NOT_EXIST ||
        !Port::Connected())
        return FLT_POSTOP_FINISHED_PROCESSING;

    BOOLEAN isDir = FALSE;
    if (!NT_SUCCESS(FltIsDirectory(FltObjects->FileObject, FltObjects->Instance, &isDir)) || isDir)
        return FLT_POSTOP_FINISHED_PROCESSING;

    PFLT_FILE_NAME_INFORMATION ni = nullptr;
    NTSTATUS status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &ni);
    if (!NT_SUCCESS(status))
        return FLT_POSTOP_FINISHED_PROCESSING;

    auto* req = static_cast<ScanRequest*>(os::Alloc(sizeof(ScanRequest)));
    if (req != nullptr) {
        RtlZeroMemory(req, sizeof(*req));
        req->ProcessId = HandleToULong(PsGetCurrentProcessId());
        req->PathBytes = static_cast<USHORT>(min(ni->Name.Length, (kMaxPath - 1) * sizeof(WCHAR)));
        RtlCopyMemory(req->Path, ni->Name.Buffer, req->PathBytes);

        ScanReply reply = { VerdictClean };
        InterlockedIncrement(&Driver::InFlight);
        status = Port::Ask(*req, reply);
        InterlockedDecrement(&Driver::InFlight);

        if (status == STATUS_SUCCESS && reply.Verdict == VerdictInfected) {
            SCAN_LOG("blocking %wZ", &ni->Name);
            FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
            Data->IoStatus.Status = STATUS_VIRUS_INFECTED;
            Data->IoStatus.Information = 0;
        }
        os::Free(req);
    }

    FltReleaseFileNameInformation(ni);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                              DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);

    // local disks only; network files are scanned on the server
    return VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM ? STATUS_FLT_DO_NOT_ATTACH : STATUS_SUCCESS;
}

NTSTATUS FLTAPI InstanceQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI FilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    SCAN_LOG("unload, %ld scans in flight", Driver::InFlight);

    // stop the callbacks first so nobody is inside FltSendMessage when the
    // port goes away
    FltUnregisterFilter(Driver::Filter);
    Port::Close();
    Driver::Filter = nullptr;
    return STATUS_SUCCESS;
}

const FLT_OPERATION_REGISTRATION kCallbacks[] = {
    { IRP_MJ_CREATE, 0, nullptr, PostCreate },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION kRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          // Flags
    nullptr,                    // ContextRegistration
    kCallbacks,
    FilterUnload,
    InstanceSetup,
    InstanceQueryTeardown,
    nullptr,                    // InstanceTeardownStart
    nullptr,                    // InstanceTeardownComplete
    nullptr, nullptr, nullptr   // name provider callbacks
};

} // namespace

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = FltRegisterFilter(DriverObject, &kRegistration, &Driver::Filter);
    if (!NT_SUCCESS(status)) {
        SCAN_LOG("FltRegisterFilter 0x%08X", status);
        return status;
    }

    status = Port::Create(Driver::Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(Driver::Filter);
        Driver::Filter = nullptr;
        return status;
    }

    status = FltStartFiltering(Driver::Filter);
    if (!NT_SUCCESS(status)) {
        SCAN_LOG("FltStartFiltering 0x%08X", status);
        Port::Close();
        return status;
    }

    SCAN_LOG("running");
    return STATUS_SUCCESS;
}
