#include "lockflt.h"

LOCKFLT_DATA g_Lock;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI LfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI LfInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                       _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                       _In_ DEVICE_TYPE VolumeDeviceType,
                                       _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

static const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_CREATE,          0, LfPreCreate,         NULL },
    { IRP_MJ_SET_INFORMATION, 0, LfPreSetInformation, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                      /* Flags */
    NULL,                   /* Context */
    g_Callbacks,
    LfUnload,
    LfInstanceSetup,
    NULL,                   /* InstanceQueryTeardown */
    NULL,                   /* InstanceTeardownStart */
    NULL,                   /* InstanceTeardownComplete */
    NULL, NULL, NULL        /* name provider callbacks */
};

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Lock, sizeof(g_Lock));
    g_Lock.Enabled = TRUE;

    status = FltRegisterFilter(DriverObject, &g_Registration, &g_Lock.Filter);
    if (!NT_SUCCESS(status)) {
        LF_TRACE("FltRegisterFilter failed 0x%08X", status);
        return status;
    }

    status = LfCreatePort();
    if (!NT_SUCCESS(status)) {
        LF_TRACE("port creation failed 0x%08X", status);
        FltUnregisterFilter(g_Lock.Filter);
        return status;
    }

    status = FltStartFiltering(g_Lock.Filter);
    if (!NT_SUCCESS(status)) {
        LF_TRACE("FltStartFiltering failed 0x%08X", status);
        LfClosePort();
        return status;
    }

    LF_TRACE("filtering started");
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
LfUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    LfClosePort();
    FltUnregisterFilter(g_Lock.Filter);
    g_Lock.Filter = NULL;

    LF_TRACE("unloaded, %ld requests denied", g_Lock.Denied);
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
LfInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    /* only local disks, no network redirectors */
    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (VolumeFilesystemType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}
