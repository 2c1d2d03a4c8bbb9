#include "miniport.h"

#pragma NDIS_INIT_FUNCTION(DriverEntry)
#pragma NDIS_PAGEABLE_FUNCTION(MpDriverUnload)
#pragma NDIS_PAGEABLE_FUNCTION(MpQueryMaxAdapters)

MP_GLOBALS g_Mp;
static NDIS_TIMER_FUNCTION MpWatchdog;

/* private copy: the RegistryPath buffer is freed when DriverEntry returns */
static NDIS_STATUS
MpCopyRegistryPath(
    _In_ PCUNICODE_STRING RegistryPath
    )
{
    USHORT cb = RegistryPath->Length + sizeof(WCHAR);

    g_Mp.RegistryPath.Buffer = ExAllocatePool2(POOL_FLAG_NON_PAGED, cb, MP_TAG);
    if (g_Mp.RegistryPath.Buffer == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    g_Mp.RegistryPath.Length = 0;
    g_Mp.RegistryPath.MaximumLength = cb;
    RtlCopyUnicodeString(&g_Mp.RegistryPath, RegistryPath);
    g_Mp.RegistryPath.Buffer[g_Mp.RegistryPath.Length / sizeof(WCHAR)] = UNICODE_NULL;
    return NDIS_STATUS_SUCCESS;
}

/* Parameters\MaxAdapters, re-read at PASSIVE_LEVEL by MiniportInitializeEx */
ULONG
MpQueryMaxAdapters(VOID)
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG value = MP_DEFAULT_MAX_ADAPTERS;
    ULONG defaultValue = MP_DEFAULT_MAX_ADAPTERS;

    PAGED_CODE();

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name = L"Parameters";
    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"MaxAdapters";
    table[1].EntryContext = &value;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &defaultValue;
    table[1].DefaultLength = sizeof(ULONG);

    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                           g_Mp.RegistryPath.Buffer, table, NULL, NULL)) ||
        value == 0 || value > 64) {
        value = MP_DEFAULT_MAX_ADAPTERS;
    }
    return value;
}

/* one periodic watchdog for all adapters, DriverEntry..MiniportDriverUnload */
static NDIS_STATUS
MpStartWatchdog(VOID)
{
    NDIS_STATUS status;
    NDIS_TIMER_CHARACTERISTICS tc;
    LARGE_INTEGER due;

    NdisZeroMemory(&tc, sizeof(tc));
    tc.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    tc.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    tc.AllocationTag = MP_TAG;
    tc.TimerFunction = MpWatchdog;
    tc.FunctionContext = &g_Mp;

    status = NdisAllocateTimerObject(g_Mp.DriverHandle, &tc, &g_Mp.WatchdogTimer);
    if (status != NDIS_STATUS_SUCCESS) {
        g_Mp.WatchdogTimer = NULL;
        return status;
    }

    due.QuadPart = -10000LL * MP_WATCHDOG_PERIOD_MS;
    NdisSetTimerObject(g_Mp.WatchdogTimer, due, MP_WATCHDOG_PERIOD_MS, NULL);
    return NDIS_STATUS_SUCCESS;
}

/* releases what InitFlags says is live, newest first (failure path + unload) */
static VOID
MpGlobalCleanup(VOID)
{
    if (g_Mp.InitFlags & MP_INIT_WATCHDOG) {
        /* periodic timer: waits for a running MpWatchdog to finish */
        NdisCancelTimerObject(g_Mp.WatchdogTimer);
        NdisFreeTimerObject(g_Mp.WatchdogTimer);
        g_Mp.WatchdogTimer = NULL;
        g_Mp.InitFlags &= ~MP_INIT_WATCHDOG;
    }

    if (g_Mp.InitFlags & MP_INIT_REGISTERED) {
        NdisMDeregisterMiniportDriver(g_Mp.DriverHandle);
        g_Mp.DriverHandle = NULL;
        g_Mp.InitFlags &= ~MP_INIT_REGISTERED;
    }

    if (g_Mp.InitFlags & MP_INIT_REGPATH) {
        ExFreePoolWithTag(g_Mp.RegistryPath.Buffer, MP_TAG);
        RtlInitEmptyUnicodeString(&g_Mp.RegistryPath, NULL, 0);
        g_Mp.InitFlags &= ~MP_INIT_REGPATH;
    }

    if (g_Mp.InitFlags & MP_INIT_LOCK) {
        NdisFreeSpinLock(&g_Mp.Lock);
        g_Mp.InitFlags &= ~MP_INIT_LOCK;
    }
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;

    NdisZeroMemory(&g_Mp, sizeof(g_Mp));

    NdisAllocateSpinLock(&g_Mp.Lock);
    InitializeListHead(&g_Mp.AdapterList);
    g_Mp.InitFlags |= MP_INIT_LOCK;

    status = MpCopyRegistryPath(RegistryPath);
    if (status != NDIS_STATUS_SUCCESS) {
        goto Fail;
    }
    g_Mp.InitFlags |= MP_INIT_REGPATH;

    NdisZeroMemory(&mc, sizeof(mc));
    mc.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    mc.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mc.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mc.MajorNdisVersion = MP_NDIS_MAJOR_VERSION;
    mc.MinorNdisVersion = MP_NDIS_MINOR_VERSION;
    mc.MajorDriverVersion = MP_DRIVER_MAJOR_VERSION;
    mc.MinorDriverVersion = MP_DRIVER_MINOR_VERSION;
    mc.InitializeHandlerEx = MpInitializeEx;
    mc.HaltHandlerEx = MpHaltEx;
    mc.UnloadHandler = MpDriverUnload;
    mc.PauseHandler = MpPause;
    mc.RestartHandler = MpRestart;
    mc.OidRequestHandler = MpOidRequest;
    mc.SendNetBufferListsHandler = MpSendNetBufferLists;
    mc.ReturnNetBufferListsHandler = MpReturnNetBufferLists;
    mc.CancelSendHandler = MpCancelSend;
    mc.DevicePnPEventNotifyHandler = MpDevicePnPEventNotify;
    mc.ShutdownHandlerEx = MpShutdownEx;
    mc.CancelOidRequestHandler = MpCancelOidRequest;

    status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, (NDIS_HANDLE)&g_Mp,
                                         &mc, &g_Mp.DriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        goto Fail;
    }
    g_Mp.InitFlags |= MP_INIT_REGISTERED;

    status = MpStartWatchdog();
    if (status != NDIS_STATUS_SUCCESS) {
        goto Fail;
    }
    g_Mp.InitFlags |= MP_INIT_WATCHDOG;

    return NDIS_STATUS_SUCCESS;

Fail:
    /* includes NdisMDeregisterMiniportDriver when registration succeeded */
    MpGlobalCleanup();
    return status;
}

_Use_decl_annotations_
VOID
MpDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    NT_ASSERT(IsListEmpty(&g_Mp.AdapterList));
    MpGlobalCleanup();
}

_Use_decl_annotations_
static VOID
MpWatchdog(
    PVOID SystemSpecific1,
    PVOID FunctionContext,
    PVOID SystemSpecific2,
    PVOID SystemSpecific3
    )
{
    PMP_GLOBALS globals = (PMP_GLOBALS)FunctionContext;
    PLIST_ENTRY entry;

    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);
    NdisDprAcquireSpinLock(&globals->Lock);
    for (entry = globals->AdapterList.Flink; entry != &globals->AdapterList; entry = entry->Flink) {
        PMP_ADAPTER adapter = CONTAINING_RECORD(entry, MP_ADAPTER, Link);
        adapter->TxFramesAtLastTick = ReadNoFence64(&adapter->TxFrames);
    }
    NdisDprReleaseSpinLock(&globals->Lock);
}
