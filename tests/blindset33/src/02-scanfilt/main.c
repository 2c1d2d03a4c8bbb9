/*
 * scanfilt - on-access scan minifilter (student project)
 *
 * Every successful create of an executable-looking file is sent to a
 * user-mode scanner over a filter communication port; the scanner can
 * veto the open.
 */
#include "scanfilt.h"

SCAN_GLOBALS g_Scan;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI ScanUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI ScanInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                         _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                         _In_ DEVICE_TYPE VolumeDeviceType,
                                         _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI ScanPostCreate(_Inout_ PFLT_CALLBACK_DATA Data,
                                                        _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                        _In_opt_ PVOID CompletionContext,
                                                        _In_ FLT_POST_OPERATION_FLAGS Flags);

static const UNICODE_STRING ScanExtensions[] = {
    RTL_CONSTANT_STRING(L"exe"),
    RTL_CONSTANT_STRING(L"dll"),
    RTL_CONSTANT_STRING(L"sys"),
    RTL_CONSTANT_STRING(L"ps1"),
    RTL_CONSTANT_STRING(L"js"),
};

static const FLT_OPERATION_REGISTRATION ScanCallbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, ScanPostCreate },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION ScanRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          /* Flags */
    NULL,                       /* Contexts */
    ScanCallbacks,
    ScanUnload,
    ScanInstanceSetup,
    NULL,                       /* InstanceQueryTeardown */
    NULL,                       /* InstanceTeardownStart */
    NULL,                       /* InstanceTeardownComplete */
    NULL, NULL, NULL
};

static BOOLEAN
ScanIsInteresting(_In_ PCUNICODE_STRING Extension)
{
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(ScanExtensions); i++) {
        if (RtlEqualUnicodeString(Extension, &ScanExtensions[i], TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

static NTSTATUS FLTAPI
ScanInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);

    /* local disks only */
    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
ScanPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    BOOLEAN isDir = FALSE;
    BOOLEAN block = FALSE;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    /* never scan the scanner */
    if (FltGetRequestorProcess(Data) == g_Scan.ScannerProcess) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltIsDirectory(FltObjects->FileObject, FltObjects->Instance, &isDir);
    if (!NT_SUCCESS(status) || isDir) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltParseFileNameInformation(nameInfo);
    if (NT_SUCCESS(status) && ScanIsInteresting(&nameInfo->Extension)) {
        status = ScanAskUser(Data, nameInfo, &block);
        if (NT_SUCCESS(status) && block) {
            SCAN_DBG("blocking %wZ", &nameInfo->Name);
            FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
            Data->IoStatus.Status = STATUS_ACCESS_DENIED;
            Data->IoStatus.Information = 0;
            InterlockedIncrement(&g_Scan.Blocked);
        }
    }

    FltReleaseFileNameInformation(nameInfo);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static VOID
ScanFreeGlobals(VOID)
{
    if (g_Scan.LookasideReady) {
        ExDeleteNPagedLookasideList(&g_Scan.MessageLookaside);
        g_Scan.LookasideReady = FALSE;
    }
}

static NTSTATUS FLTAPI
ScanUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    SCAN_DBG("unloading (%ld scanned, %ld blocked)", g_Scan.Scanned, g_Scan.Blocked);

    ScanClosePort();
    ScanFreeGlobals();

    FltUnregisterFilter(g_Scan.Filter);
    g_Scan.Filter = NULL;

    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Scan, sizeof(g_Scan));
    g_Scan.DriverObject = DriverObject;

    ExInitializeNPagedLookasideList(&g_Scan.MessageLookaside,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(SCAN_NOTIFICATION),
                                    SCAN_TAG,
                                    0);
    g_Scan.LookasideReady = TRUE;

    status = FltRegisterFilter(DriverObject, &ScanRegistration, &g_Scan.Filter);
    if (!NT_SUCCESS(status)) {
        SCAN_DBG("FltRegisterFilter failed 0x%08X", status);
        goto Cleanup;
    }

    status = ScanCreatePort(g_Scan.Filter);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    status = FltStartFiltering(g_Scan.Filter);
    if (!NT_SUCCESS(status)) {
        SCAN_DBG("FltStartFiltering failed 0x%08X", status);
        goto Cleanup;
    }

    SCAN_DBG("started, port %ws", SCAN_PORT_NAME);
    return STATUS_SUCCESS;

Cleanup:
    ScanClosePort();
    if (g_Scan.Filter != NULL) {
        FltUnregisterFilter(g_Scan.Filter);
        g_Scan.Filter = NULL;
    }
    ScanFreeGlobals();
    return status;
}
