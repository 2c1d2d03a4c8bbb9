/*++

Module Name:    driver.c

Abstract:       Entry point, configuration, registration and teardown of
                AvScan. Each completed DriverEntry stage sets a bit in
                g_Av.InitFlags; AvTeardown undoes the set bits.
--*/

#include "avscan.h"

AV_GLOBALS g_Av;

static NTSTATUS AvLoadConfig(_In_ PCUNICODE_STRING RegistryPath);
static VOID AvTeardown(VOID);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, AvLoadConfig)
#pragma alloc_text(PAGE, AvFilterUnload)
#pragma alloc_text(PAGE, AvTeardown)
#endif

static CONST FLT_OPERATION_REGISTRATION AvOperationRegistration[] = {
    { IRP_MJ_CREATE, 0, AvPreCreate, AvPostCreate },
    { IRP_MJ_OPERATION_END }
};

static CONST FLT_REGISTRATION AvFilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                                  // Flags
    NULL,                               // ContextRegistration
    AvOperationRegistration,
    AvFilterUnload,
    AvInstanceSetup,
    AvInstanceQueryTeardown,
    NULL,                               // InstanceTeardownStart
    NULL,                               // InstanceTeardownComplete
    NULL,                               // GenerateFileName
    NULL,                               // NormalizeNameComponent
    NULL                                // NormalizeContextCleanup
};

//
// Private copy of the service key path (the DriverEntry argument does not
// outlive DriverEntry) plus the optional tunables under ...\Parameters.
//
static NTSTATUS
AvLoadConfig(
    _In_ PCUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    WCHAR paramsPath[300];
    ULONG timeout = AV_DEFAULT_TIMEOUT_MS;
    ULONG allowUnload = 1;
    ULONG defTimeout = AV_DEFAULT_TIMEOUT_MS;
    ULONG defAllow = 1;
    USHORT bytes = RegistryPath->Length + sizeof(UNICODE_NULL);
    NTSTATUS status;

    g_Av.RegistryPath.Buffer = (PWCH)ExAllocatePoolZero(PagedPool, bytes, AV_POOL_TAG);
    if (g_Av.RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_Av.RegistryPath.MaximumLength = bytes;
    RtlCopyUnicodeString(&g_Av.RegistryPath, RegistryPath);

    g_Av.ScanTimeoutMs = AV_DEFAULT_TIMEOUT_MS;
    g_Av.AllowUnload = TRUE;

    status = RtlStringCchPrintfW(paramsPath, ARRAYSIZE(paramsPath), L"%wZ\\Parameters", &g_Av.RegistryPath);
    if (!NT_SUCCESS(status)) {
        return STATUS_SUCCESS;          // unusual path length: run with defaults
    }

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"ScanTimeoutMs";
    table[0].EntryContext = &timeout;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &defTimeout;
    table[0].DefaultLength = sizeof(ULONG);
    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"AllowUnload";
    table[1].EntryContext = &allowUnload;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &defAllow;
    table[1].DefaultLength = sizeof(ULONG);

    // A missing Parameters key is fine: the defaults apply.
    (VOID)RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL, paramsPath, table, NULL, NULL);

    if (timeout >= 100 && timeout <= 60000) {
        g_Av.ScanTimeoutMs = timeout;
    }
    g_Av.AllowUnload = (allowUnload != 0);
    return STATUS_SUCCESS;
}

//
// Undo completed stages newest first: the server port is closed before
// FltUnregisterFilter, and the lookaside list is deleted only after
// FltUnregisterFilter has waited for the outstanding callbacks.
//
static VOID
AvTeardown(
    VOID
    )
{
    PAGED_CODE();

    if (AV_IS_INIT(AV_INIT_PORT)) {
        AvCommClosePort(&g_Av.ServerPort);
        AV_CLEAR_INIT(AV_INIT_PORT);
    }

    if (AV_IS_INIT(AV_INIT_FILTER)) {
        FltUnregisterFilter(g_Av.Filter);
        g_Av.Filter = NULL;
        AV_CLEAR_INIT(AV_INIT_FILTER | AV_INIT_FILTERING);
    }

    if (AV_IS_INIT(AV_INIT_LOOKASIDE)) {
        ExDeleteNPagedLookasideList(&g_Av.RequestLookaside);
        AV_CLEAR_INIT(AV_INIT_LOOKASIDE);
    }

    if (g_Av.RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(g_Av.RegistryPath.Buffer, AV_POOL_TAG);
        RtlZeroMemory(&g_Av.RegistryPath, sizeof(g_Av.RegistryPath));
    }
    AV_CLEAR_INIT(AV_INIT_CONFIG);

    NT_ASSERT(g_Av.InitFlags == 0);
}

NTSTATUS FLTAPI
AvFilterUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    PAGED_CODE();

    if (!FlagOn(Flags, FLTFL_FILTER_UNLOAD_MANDATORY) && !g_Av.AllowUnload) {
        AvTraceInfo("unload refused by policy");
        return STATUS_FLT_DO_NOT_DETACH;
    }

    AvTraceInfo("unloading: %ld scans, %ld blocked", g_Av.ScansIssued, g_Av.ScansBlocked);
    AvTeardown();
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
    RtlZeroMemory(&g_Av, sizeof(g_Av));

    AV_CHECK_GOTO(AvLoadConfig(RegistryPath), status, Failed);
    AV_SET_INIT(AV_INIT_CONFIG);

    ExInitializeNPagedLookasideList(&g_Av.RequestLookaside, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(AV_REQUEST), AV_POOL_TAG, 0);
    AV_SET_INIT(AV_INIT_LOOKASIDE);

    AV_CHECK_GOTO(FltRegisterFilter(DriverObject, &AvFilterRegistration, &g_Av.Filter), status, Failed);
    AV_SET_INIT(AV_INIT_FILTER);

    AV_CHECK_GOTO(AvCommCreatePort(g_Av.Filter, &g_Av.ServerPort), status, Failed);
    AV_SET_INIT(AV_INIT_PORT);

    AV_CHECK_GOTO(FltStartFiltering(g_Av.Filter), status, Failed);
    AV_SET_INIT(AV_INIT_FILTERING);

    AvTraceInfo("started, scan timeout %lu ms", g_Av.ScanTimeoutMs);
    return STATUS_SUCCESS;

Failed:
    AvTeardown();
    return status;
}
