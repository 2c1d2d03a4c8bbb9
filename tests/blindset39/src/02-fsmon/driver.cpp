//
// fsmon - tiny write monitor minifilter
//   * stream context per watched file (first-write detection)
//   * communication port for the user-mode logger
//
#include "fsmon.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

static PFLT_FILTER g_Filter = nullptr;

static NTSTATUS FLTAPI FsmonUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI FsmonInstanceSetup(
    PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
    DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static NTSTATUS FLTAPI FsmonQueryTeardown(
    PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_CREATE, 0, nullptr, Ctx::PostCreate },
    { IRP_MJ_WRITE, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, Ctx::PreWrite, nullptr },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          // Flags
    Ctx::Registration,          // Context
    g_Callbacks,                // Operation callbacks
    FsmonUnload,
    FsmonInstanceSetup,
    FsmonQueryTeardown,
    nullptr,                    // InstanceTeardownStart
    nullptr,                    // InstanceTeardownComplete
    nullptr, nullptr, nullptr   // name provider callbacks
};

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;

    DBG_TRACE("enter");

    status = FltRegisterFilter(DriverObject, &g_FilterRegistration, &g_Filter);
    if (!NT_SUCCESS(status)) {
        DBG_TRACE("FltRegisterFilter failed 0x%08X", status);
        return status;
    }

    status = Port::Create(g_Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_Filter);
        g_Filter = nullptr;
        return status;
    }

    status = FltStartFiltering(g_Filter);
    if (!NT_SUCCESS(status)) {
        DBG_TRACE("FltStartFiltering failed 0x%08X", status);
        Port::Close();
        FltUnregisterFilter(g_Filter);
        g_Filter = nullptr;
        return status;
    }

    DBG_TRACE("filtering started");
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI FsmonUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    DBG_TRACE("unloading");

    FltUnregisterFilter(g_Filter);
    Port::Close();
    g_Filter = nullptr;

    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI FsmonInstanceSetup(
    PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
    DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    // local disks only, no network / raw / named pipes
    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM)
        return STATUS_FLT_DO_NOT_ATTACH;
    if (VolumeFilesystemType == FLT_FSTYPE_RAW)
        return STATUS_FLT_DO_NOT_ATTACH;

    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI FsmonQueryTeardown(
    PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}
