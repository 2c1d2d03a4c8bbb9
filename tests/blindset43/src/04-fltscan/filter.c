/*
 * fltscan - on-access scanning minifilter (teaching project, loosely after
 * the WDK "scanner" sample but without the section/write rescans)
 */
#include "fltscan.h"

#pragma prefast(disable:__WARNING_ENCODE_MEMBER_FUNCTION_POINTER, "Not valid for kernel mode drivers")

FS_GLOBALS g_Fs;
ULONG gTraceFlags = FS_TRACE_ERR | FS_TRACE_INFO;

DRIVER_INITIALIZE DriverEntry;

NTSTATUS FLTAPI FsUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

NTSTATUS FLTAPI
FsInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                _In_ DEVICE_TYPE VolumeDeviceType,
                _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

NTSTATUS FLTAPI
FsInstanceQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                        _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FsUnload)
#pragma alloc_text(PAGE, FsInstanceSetup)
#pragma alloc_text(PAGE, FsInstanceQueryTeardown)
#endif

CONST FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, FsPostCreate },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION g_FilterRegistration = {
    sizeof(FLT_REGISTRATION),       /* Size */
    FLT_REGISTRATION_VERSION,       /* Version */
    0,                              /* Flags */
    NULL,                           /* Context */
    g_Callbacks,                    /* Operation callbacks */
    FsUnload,                       /* FilterUnload */
    FsInstanceSetup,                /* InstanceSetup */
    FsInstanceQueryTeardown,        /* InstanceQueryTeardown */
    NULL,                           /* InstanceTeardownStart */
    NULL,                           /* InstanceTeardownComplete */
    NULL,                           /* GenerateFileName */
    NULL,                           /* NormalizeNameComponent */
    NULL                            /* NormalizeContextCleanup */
};

NTSTATUS FLTAPI
FsInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                _In_ DEVICE_TYPE VolumeDeviceType,
                _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    /* local disks only, leave network redirectors alone */
    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (VolumeFilesystemType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
FsInstanceQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                        _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
FsUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    FS_TRACE(FS_TRACE_INFO, ("fltscan: unloading (scanned %d, blocked %d)\n",
                             g_Fs.Stats.Scanned, g_Fs.Stats.Blocked));

    FsPortClose();
    FltUnregisterFilter(g_Fs.Filter);
    g_Fs.Filter = NULL;

    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Fs, sizeof(g_Fs));

    status = FltRegisterFilter(DriverObject, &g_FilterRegistration, &g_Fs.Filter);
    if (!NT_SUCCESS(status)) {
        FS_TRACE(FS_TRACE_ERR, ("fltscan: FltRegisterFilter %08X\n", status));
        return status;
    }

    status = FsPortCreate(g_Fs.Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_Fs.Filter);
        g_Fs.Filter = NULL;
        return status;
    }

    status = FltStartFiltering(g_Fs.Filter);
    if (!NT_SUCCESS(status)) {
        FS_TRACE(FS_TRACE_ERR, ("fltscan: FltStartFiltering %08X\n", status));
        FsPortClose();
        return status;
    }

    FS_TRACE(FS_TRACE_INFO, ("fltscan: filtering started\n"));
    return STATUS_SUCCESS;
}
