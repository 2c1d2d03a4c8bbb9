#include "hider.h"

FH_GLOBALS Globals;

DRIVER_INITIALIZE DriverEntry;
NTSTATUS FLTAPI FhUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS FLTAPI FhInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                                DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType);

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_DIRECTORY_CONTROL, 0, NULL, FhPostDirCtrl },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                      // Flags
    NULL,                   // Context
    Callbacks,              // Operation callbacks
    FhUnload,               // FilterUnload
    FhInstanceSetup,        // InstanceSetup
    NULL,                   // InstanceQueryTeardown
    NULL,                   // InstanceTeardownStart
    NULL,                   // InstanceTeardownComplete
    NULL, NULL, NULL        // name provider callbacks
};

NTSTATUS FLTAPI FhInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                                DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);

    // only local disks
    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM)
        return STATUS_FLT_DO_NOT_ATTACH;
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI FhUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    DBG_PRINT("unloading, hid %lu entries", Globals.Hidden);
    FltCloseCommunicationPort(Globals.ServerPort);
    FltUnregisterFilter(Globals.Filter);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&Globals, sizeof(Globals));
    Globals.Prefix.Buffer = Globals.PrefixBuf;
    Globals.Prefix.MaximumLength = sizeof(Globals.PrefixBuf);
    RtlCopyMemory(Globals.PrefixBuf, L"$hide_", 6 * sizeof(WCHAR));
    Globals.Prefix.Length = 6 * sizeof(WCHAR);

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &Globals.Filter);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("FltRegisterFilter 0x%x", status);
        return status;
    }

    status = FhCreatePort();
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(Globals.Filter);
        return status;
    }

    status = FltStartFiltering(Globals.Filter);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("FltStartFiltering 0x%x", status);
        FltCloseCommunicationPort(Globals.ServerPort);
        return status;
    }

    DBG_PRINT("filtering, prefix %wZ", &Globals.Prefix);
    return STATUS_SUCCESS;
}
