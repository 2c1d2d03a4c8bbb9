/*
 * driver.c - registration, DriverEntry and unload of AvScan.
 */
#include "avscan.h"

AV_GLOBALS Globals;

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE,  0, AvPreCreate,  AvPostCreate },
    { IRP_MJ_WRITE,   FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, AvPreWrite, NULL },
    { IRP_MJ_CLEANUP, 0, AvPreCleanup, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_CONTEXT_REGISTRATION Contexts[] = {
    { FLT_STREAM_CONTEXT, 0, AvStreamContextCleanup, sizeof(AV_STREAM_CONTEXT), AV_TAG },
    { FLT_CONTEXT_END }
};

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    Contexts,
    Callbacks,
    AvUnload,
    AvInstanceSetup,
    AvInstanceQueryTeardown,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, AvUnload)
#pragma alloc_text(PAGE, AvInstanceSetup)
#pragma alloc_text(PAGE, AvInstanceQueryTeardown)
#endif

/*
 * Reads Parameters\ScanTimeoutMs and Parameters\BlockOnTimeout. Both are
 * optional; defaults stay when the key or a value is missing.
 */
static VOID
AvReadSettings(_In_ PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG timeout = AV_SCAN_TIMEOUT_MS;
    ULONG block = 0;
    ULONG defTimeout = AV_SCAN_TIMEOUT_MS;
    ULONG defBlock = 0;
    UNICODE_STRING path;
    WCHAR pathBuffer[256];
    NTSTATUS status;

    RtlInitEmptyUnicodeString(&path, pathBuffer, sizeof(pathBuffer));
    status = RtlAppendUnicodeStringToString(&path, RegistryPath);
    if (NT_SUCCESS(status)) {
        status = RtlAppendUnicodeToString(&path, L"\\Parameters");
    }
    if (!NT_SUCCESS(status)) {
        return;
    }

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"ScanTimeoutMs";
    table[0].EntryContext = &timeout;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &defTimeout;
    table[0].DefaultLength = sizeof(ULONG);
    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"BlockOnTimeout";
    table[1].EntryContext = &block;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &defBlock;
    table[1].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    path.Buffer, table, NULL, NULL);
    if (NT_SUCCESS(status)) {
        Globals.ScanTimeoutMs = (timeout >= 1000 && timeout <= 300000) ? timeout : AV_SCAN_TIMEOUT_MS;
        Globals.BlockOnTimeout = (block != 0);
    }
}

static VOID
AvFreeGlobals(VOID)
{
    if (Globals.LookasideInitialized) {
        ExDeleteNPagedLookasideList(&Globals.RequestLookaside);
        Globals.LookasideInitialized = FALSE;
    }
    if (Globals.PortLockInitialized) {
        ExDeleteResourceLite(&Globals.PortLock);
        Globals.PortLockInitialized = FALSE;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    RtlZeroMemory(&Globals, sizeof(Globals));
    Globals.DriverObject = DriverObject;
    Globals.ScanTimeoutMs = AV_SCAN_TIMEOUT_MS;

    __try {

        status = ExInitializeResourceLite(&Globals.PortLock);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        Globals.PortLockInitialized = TRUE;

        ExInitializeNPagedLookasideList(&Globals.RequestLookaside, NULL, NULL,
                                        POOL_NX_ALLOCATION, sizeof(AV_SCAN_REQUEST),
                                        AV_TAG, 0);
        Globals.LookasideInitialized = TRUE;

        AvReadSettings(RegistryPath);

        status = FltRegisterFilter(DriverObject, &FilterRegistration, &Globals.Filter);
        if (!NT_SUCCESS(status)) {
            Globals.Filter = NULL;
            __leave;
        }

        status = AvCreateCommunicationPort();
        if (!NT_SUCCESS(status)) {
            __leave;
        }

        status = FltStartFiltering(Globals.Filter);

    } __finally {

        if (!NT_SUCCESS(status)) {

            AvCloseCommunicationPort();

            if (Globals.Filter != NULL) {
                FltUnregisterFilter(Globals.Filter);
                Globals.Filter = NULL;
            }

            AvFreeGlobals();
        }
    }

    return status;
}

NTSTATUS FLTAPI
AvUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    /* Closing the server port disconnects the scanner first. */
    AvCloseCommunicationPort();

    FltUnregisterFilter(Globals.Filter);
    Globals.Filter = NULL;

    AvFreeGlobals();
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
AvInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (VolumeFilesystemType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
AvInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    return STATUS_SUCCESS;
}
