/*
 * scanlite.sys - denies creating / renaming files to known ransomware
 * extensions and reports each hit to the scanlite service.
 */
#include "scanlite.h"

SCAN_GLOBALS gScan;
ULONG gTraceFlags = DBG_ERROR | DBG_TRACE;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI ScanUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI ScanInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                         _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                         _In_ DEVICE_TYPE VolumeDeviceType,
                                         _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static NTSTATUS FLTAPI ScanQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                         _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ScanUnload)
#pragma alloc_text(PAGE, ScanInstanceSetup)
#pragma alloc_text(PAGE, ScanQueryTeardown)
#endif

static const FLT_OPERATION_REGISTRATION gCallbacks[] = {
    { IRP_MJ_CREATE,          0,                                           ScanPreCreate,  NULL },
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, ScanPreSetInfo, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION gRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    gCallbacks,
    ScanUnload,
    ScanInstanceSetup,
    ScanQueryTeardown,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    SCAN_PRINT(DBG_TRACE, ("scanlite: DriverEntry\n"));

    RtlZeroMemory(&gScan, sizeof(gScan));

    status = FltRegisterFilter(DriverObject, &gRegistration, &gScan.Filter);
    if (!NT_SUCCESS(status)) {
        SCAN_PRINT(DBG_ERROR, ("scanlite: FltRegisterFilter 0x%08X\n", status));
        return status;
    }

    status = ScanPortCreate(gScan.Filter);
    if (!NT_SUCCESS(status)) {
        goto unregister;
    }

    status = FltStartFiltering(gScan.Filter);
    if (!NT_SUCCESS(status)) {
        SCAN_PRINT(DBG_ERROR, ("scanlite: FltStartFiltering 0x%08X\n", status));
        goto close_port;
    }

    SCAN_PRINT(DBG_TRACE, ("scanlite: filtering\n"));
    return STATUS_SUCCESS;

close_port:
    ScanPortClose();
unregister:
    FltUnregisterFilter(gScan.Filter);
    gScan.Filter = NULL;
    return status;
}

static NTSTATUS FLTAPI
ScanUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    SCAN_PRINT(DBG_TRACE, ("scanlite: unload, %ld blocked\n", gScan.BlockedCount));

    /* server port must go before the filter, or unregister can hang */
    ScanPortClose();

    FltUnregisterFilter(gScan.Filter);
    gScan.Filter = NULL;

    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
ScanInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                  _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                  _In_ DEVICE_TYPE VolumeDeviceType,
                  _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (VolumeFilesystemType != FLT_FSTYPE_NTFS && VolumeFilesystemType != FLT_FSTYPE_REFS) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
ScanQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                  _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    return STATUS_SUCCESS;
}
