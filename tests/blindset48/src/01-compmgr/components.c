/* components.c - component table plus the built-in config/events/control components */
#include "compmgr.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, CmStartComponents)
#pragma alloc_text(PAGE, CmStopComponents)
#endif

/* ---------------------------------------------------------------- config */

static NTSTATUS
CmpOnExcludeList(_In_ PWSTR ValueName, _In_ ULONG ValueType, _In_ PVOID ValueData,
                 _In_ ULONG ValueLength, _In_opt_ PVOID Context, _In_opt_ PVOID EntryContext)
{
    UNREFERENCED_PARAMETER(ValueName);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(EntryContext);

    if (ValueType != REG_MULTI_SZ || ValueLength <= sizeof(WCHAR) || ValueLength > CM_MAX_EXCLUDE_BYTES) {
        return STATUS_SUCCESS;                  /* ignore junk, keep going */
    }

    /* two extra WCHARs of zeroed pool keep the list terminated */
    g_Cm.Config.ExcludeList = (PWCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                      ValueLength + 2 * sizeof(WCHAR), CM_POOL_TAG);
    if (g_Cm.Config.ExcludeList == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(g_Cm.Config.ExcludeList, ValueData, ValueLength);
    g_Cm.Config.ExcludeListBytes = ValueLength;
    return STATUS_SUCCESS;
}

static VOID
CmConfigUninit(VOID)
{
    PAGED_CODE();

    if (g_Cm.Config.ExcludeList != NULL) {
        ExFreePoolWithTag(g_Cm.Config.ExcludeList, CM_POOL_TAG);
        g_Cm.Config.ExcludeList = NULL;
    }
}

static NTSTATUS
CmConfigInit(_In_ PDRIVER_OBJECT DriverObject, _In_ PCUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG                    defMax = CM_DEFAULT_MAX_EVENTS;
    NTSTATUS                 status;

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = L"MaxEvents";
    table[0].EntryContext  = &g_Cm.Config.MaxEvents;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &defMax;
    table[0].DefaultLength = sizeof(ULONG);

    table[1].QueryRoutine  = CmpOnExcludeList;
    table[1].Flags         = RTL_QUERY_REGISTRY_NOEXPAND;
    table[1].Name          = L"ExcludeList";
    table[1].DefaultType   = REG_NONE;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        CmConfigUninit();
        return status;
    }

    return STATUS_SUCCESS;
}

/* ---------------------------------------------------------------- events */

static NTSTATUS
CmEventsInit(_In_ PDRIVER_OBJECT DriverObject, _In_ PCUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeNPagedLookasideList(&g_Cm.EventPool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(CM_EVENT), CM_EVENT_TAG, 0);
    InitializeListHead(&g_Cm.EventList);
    KeInitializeSpinLock(&g_Cm.EventLock);
    return STATUS_SUCCESS;
}

static VOID
CmEventsUninit(VOID)
{
    KIRQL       irql;
    PLIST_ENTRY entry;

    KeAcquireSpinLock(&g_Cm.EventLock, &irql);
    while (!IsListEmpty(&g_Cm.EventList)) {
        entry = RemoveHeadList(&g_Cm.EventList);
        ExFreeToNPagedLookasideList(&g_Cm.EventPool, CONTAINING_RECORD(entry, CM_EVENT, Link));
    }
    g_Cm.EventCount = 0;
    KeReleaseSpinLock(&g_Cm.EventLock, irql);

    ExDeleteNPagedLookasideList(&g_Cm.EventPool);
}

/* --------------------------------------------------------------- control */

static NTSTATUS
CmControlInit(_In_ PDRIVER_OBJECT DriverObject, _In_ PCUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(CM_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(CM_SYMLINK_NAME);
    NTSTATUS       status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Cm.ControlDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Cm.ControlDevice);
        g_Cm.ControlDevice = NULL;
        return status;
    }
    g_Cm.SymlinkCreated = TRUE;

    return STATUS_SUCCESS;
}

static VOID
CmControlUninit(VOID)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(CM_SYMLINK_NAME);

    if (g_Cm.SymlinkCreated) {
        IoDeleteSymbolicLink(&linkName);
        g_Cm.SymlinkCreated = FALSE;
    }
    if (g_Cm.ControlDevice != NULL) {
        IoDeleteDevice(g_Cm.ControlDevice);
        g_Cm.ControlDevice = NULL;
    }
}

/* ----------------------------------------------------------------- table */

/*
 * Order matters: everything a later component touches must already be up.
 * Teardown walks the same table.
 */
static const CM_COMPONENT g_Components[] = {
    { "config",  CmConfigInit,      CmConfigUninit      },
    { "events",  CmEventsInit,      CmEventsUninit      },
    { "control", CmControlInit,     CmControlUninit     },
    { "process", CmProcNotifyInit,  CmProcNotifyUninit  },
#if CM_FEATURE_IMAGES
    { "image",   CmImageNotifyInit, CmImageNotifyUninit },
#endif
};

static ULONG g_Started;

static VOID
CmpUnwind(_In_ ULONG Failed)
{
    LONG j;

    /* the component that failed has already cleaned up after itself */
    for (j = (LONG)Failed - 1; j > 0; j--) {
        CM_LOG("rollback %s", g_Components[j].Name);
        g_Components[j].Uninit();
    }
}

NTSTATUS
CmStartComponents(_In_ PDRIVER_OBJECT DriverObject, _In_ PCUNICODE_STRING RegistryPath)
{
    ULONG    i;
    NTSTATUS status;

    PAGED_CODE();

    g_Started = 0;
    for (i = 0; i < ARRAYSIZE(g_Components); i++) {
        CM_LOG("starting %s", g_Components[i].Name);
        status = g_Components[i].Init(DriverObject, RegistryPath);
        if (!NT_SUCCESS(status)) {
            CM_ERR("component %s failed 0x%08X", g_Components[i].Name, status);
            CmpUnwind(i);
            return status;
        }
        g_Started = i + 1;
    }

    return STATUS_SUCCESS;
}

VOID
CmStopComponents(VOID)
{
    ULONG i;

    PAGED_CODE();

    for (i = 0; i < g_Started; i++) {
        CM_LOG("stopping %s", g_Components[i].Name);
        g_Components[i].Uninit();
    }
    g_Started = 0;
}
