//
// edrmini - minifilter + process/image notify telemetry for the edr agent
//
// load order inside DriverEntry:
//   filter -> port -> process notify -> image notify -> start filtering
// teardown is the exact reverse (see Teardown()).
//
#include "EdrMini.h"

using namespace em;

namespace {

enum class Stage : int {
    None = 0,
    FilterRegistered,
    PortOpen,
    ProcessNotify,
    ImageNotify,
    Filtering,
};

PFLT_FILTER g_Filter;

void Teardown(Stage reached)
{
    switch (reached) {
    case Stage::Filtering:
    case Stage::ImageNotify:
        Notify::StopImage();
        __fallthrough;
    case Stage::ProcessNotify:
        Notify::StopProcess();
        __fallthrough;
    case Stage::PortOpen:
        // server port must be gone before FltUnregisterFilter or unload hangs
        Port::Close();
        __fallthrough;
    case Stage::FilterRegistered:
        FltUnregisterFilter(g_Filter);
        g_Filter = nullptr;
        __fallthrough;
    case Stage::None:
        break;
    }
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
PostCreate(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS, PVOID, FLT_POST_OPERATION_FLAGS flags)
{
    if (FlagOn(flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    // only creates that truncate or replace an existing file
    if (data->IoStatus.Information != FILE_OVERWRITTEN && data->IoStatus.Information != FILE_SUPERSEDED) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    PFLT_FILE_NAME_INFORMATION nameInfo = nullptr;
    if (!NT_SUCCESS(FltGetFileNameInformation(data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo))) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    auto ev = static_cast<Event*>(ExAllocatePool2(POOL_FLAG_PAGED, sizeof(Event), EM_TAG));
    if (ev) {
        ev->Kind = EventKind::FileWrite;
        ev->ProcessId = FltGetRequestorProcessId(data);
        FillName(*ev, &nameInfo->Name);
        Port::Post(*ev);
        ExFreePoolWithTag(ev, EM_TAG);
    }

    FltReleaseFileNameInformation(nameInfo);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

NTSTATUS FLTAPI FilterUnload(FLT_FILTER_UNLOAD_FLAGS)
{
    PAGED_CODE();
    EM_TRACE("unloading");
    Teardown(Stage::Filtering);
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_SETUP_FLAGS,
                              DEVICE_TYPE deviceType, FLT_FILESYSTEM_TYPE)
{
    PAGED_CODE();
    return deviceType == FILE_DEVICE_DISK_FILE_SYSTEM ? STATUS_SUCCESS : STATUS_FLT_DO_NOT_ATTACH;
}

const FLT_OPERATION_REGISTRATION kOps[] = {
    { IRP_MJ_CREATE, 0, nullptr, PostCreate },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION kRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,
    kOps,
    FilterUnload,
    InstanceSetup,
    nullptr,
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

    Stage stage = Stage::None;

    NTSTATUS status = FltRegisterFilter(DriverObject, &kRegistration, &g_Filter);
    if (!NT_SUCCESS(status)) {
        EM_TRACE("FltRegisterFilter %08X", status);
        return status;
    }
    stage = Stage::FilterRegistered;

    status = Port::Open(g_Filter);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }
    stage = Stage::PortOpen;

    status = Notify::StartProcess();
    if (!NT_SUCCESS(status)) {
        goto fail;
    }
    stage = Stage::ProcessNotify;

    status = Notify::StartImage();
    if (!NT_SUCCESS(status)) {
        goto fail;
    }
    stage = Stage::ImageNotify;

    status = FltStartFiltering(g_Filter);
    if (!NT_SUCCESS(status)) {
        EM_TRACE("FltStartFiltering %08X", status);
        goto fail;
    }

    EM_TRACE("running");
    return STATUS_SUCCESS;

fail:
    Teardown(stage);
    return status;
}
