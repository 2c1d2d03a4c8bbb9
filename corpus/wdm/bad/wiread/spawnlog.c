/*
 * spawnlog.c - a legacy driver that logs process creation. The notify
 * routine runs at a raised IRQL in the creating thread, so it hands each
 * event to a work item; the work item's routine appends it to a list
 * under a spin lock. The list and its lock are initialized only after the
 * notify routine is registered: a work item queued by the first process
 * created meanwhile inserts into an uninitialized list (DE014).
 */

#include <ntddk.h>

#define SPAWN_TAG 'nwpS'

typedef struct _SPAWN_EVENT {
    LIST_ENTRY Link;
    PIO_WORKITEM Item;
    HANDLE Pid;
} SPAWN_EVENT, *PSPAWN_EVENT;

static struct {
    PDEVICE_OBJECT Anchor;
    LIST_ENTRY Events;
    KSPIN_LOCK Lock;
} g_Spawn;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SpawnUnload;
IO_WORKITEM_ROUTINE SpawnRecord;

VOID
SpawnRecord(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_opt_ PVOID Context
    )
{
    PSPAWN_EVENT ev = (PSPAWN_EVENT)Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (ev == NULL) {
        return;
    }
    IoFreeWorkItem(ev->Item);
    ExInterlockedInsertTailList(&g_Spawn.Events, &ev->Link, &g_Spawn.Lock);
}

static VOID
SpawnNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    PSPAWN_EVENT ev;

    UNREFERENCED_PARAMETER(Process);
    if (CreateInfo == NULL) {
        return;
    }
    ev = (PSPAWN_EVENT)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*ev), SPAWN_TAG);
    if (ev == NULL) {
        return;
    }
    ev->Pid = ProcessId;
    ev->Item = IoAllocateWorkItem(g_Spawn.Anchor);
    if (ev->Item == NULL) {
        ExFreePoolWithTag(ev, SPAWN_TAG);
        return;
    }
    IoQueueWorkItem(ev->Item, SpawnRecord, DelayedWorkQueue, ev);
}

VOID
SpawnUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PLIST_ENTRY link;

    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutineEx(SpawnNotify, TRUE);
    while ((link = ExInterlockedRemoveHeadList(&g_Spawn.Events, &g_Spawn.Lock)) != NULL) {
        ExFreePoolWithTag(CONTAINING_RECORD(link, SPAWN_EVENT, Link), SPAWN_TAG);
    }
    IoDeleteDevice(g_Spawn.Anchor);
}

NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_Spawn.Anchor);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = PsSetCreateProcessNotifyRoutineEx(SpawnNotify, FALSE); // expect: DE014
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Spawn.Anchor);
        return status;
    }
    InitializeListHead(&g_Spawn.Events);
    KeInitializeSpinLock(&g_Spawn.Lock);

    DriverObject->DriverUnload = SpawnUnload;
    return STATUS_SUCCESS;
}
