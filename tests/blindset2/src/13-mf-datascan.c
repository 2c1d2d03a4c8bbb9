/*
 * ScanLite - minifilter that asks for data-scan sections on opened files
 * (FltRegisterForDataScan / FltCreateSectionForDataScan) and hands them to a
 * user-mode scanner. DriverEntry keeps its cleanup in one __finally block.
 */
#include <fltKernel.h>

#define SCAN_TAG 'nacS'

typedef struct _SCAN_GLOBALS {
    PFLT_FILTER             Filter;
    NPAGED_LOOKASIDE_LIST   RequestLookaside;
    BOOLEAN                 LookasideReady;
    ULONG                   MaxScanBytes;
} SCAN_GLOBALS;

SCAN_GLOBALS g_Scan;

DRIVER_INITIALIZE DriverEntry;
NTSTATUS ScanUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS ScanInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                           _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

CONST FLT_CONTEXT_REGISTRATION ScanContexts[] = {
    { FLT_SECTION_CONTEXT, 0, NULL, sizeof(PVOID), SCAN_TAG },
    { FLT_CONTEXT_END }
};

CONST FLT_REGISTRATION ScanRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    ScanContexts,
    NULL,                       // operations are added in the full project
    ScanUnload,
    ScanInstanceSetup,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Scan, sizeof(g_Scan));
    g_Scan.MaxScanBytes = 16 * 1024 * 1024;

    __try {
        ExInitializeNPagedLookasideList(&g_Scan.RequestLookaside, NULL, NULL, POOL_NX_ALLOCATION,
                                        256, SCAN_TAG, 0);
        g_Scan.LookasideReady = TRUE;

        status = FltRegisterFilter(DriverObject, &ScanRegistration, &g_Scan.Filter);
        if (!NT_SUCCESS(status)) {
            __leave;
        }

        status = FltStartFiltering(g_Scan.Filter);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
    } __finally {
        if (!NT_SUCCESS(status)) {
            if (g_Scan.Filter != NULL) {
                FltUnregisterFilter(g_Scan.Filter);
                g_Scan.Filter = NULL;
            }
            if (g_Scan.LookasideReady) {
                ExDeleteNPagedLookasideList(&g_Scan.RequestLookaside);
                g_Scan.LookasideReady = FALSE;
            }
        }
    }
    return status;
}

NTSTATUS
ScanUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    FltUnregisterFilter(g_Scan.Filter);
    g_Scan.Filter = NULL;

    if (g_Scan.LookasideReady) {
        ExDeleteNPagedLookasideList(&g_Scan.RequestLookaside);
        g_Scan.LookasideReady = FALSE;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
ScanInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    // Data scanning must be enabled per instance before sections can be created.
    status = FltRegisterForDataScan(FltObjects->Instance);
    if (!NT_SUCCESS(status)) {
        // not supported on this volume (e.g. ReFS on old builds): skip it
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}
