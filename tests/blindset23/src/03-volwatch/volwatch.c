/*
 * volwatch - log arrival / removal of volume and disk interfaces
 *
 * Small learning project: IoRegisterPlugPlayNotification with
 * EventCategoryDeviceInterfaceChange.  Every event is stored in a
 * (bounded) in-memory history so it can be looked at from the debugger
 * with "dx volwatch!g_History".
 */
#include <ntddk.h>
#include <initguid.h>
#include <wdmguid.h>
#include <ntddstor.h>

#define VW_TAG          'hcWV'
#define VW_MAX_HISTORY  128
#define VW_NAME_CHARS   200

typedef struct _VW_EVENT {
    LIST_ENTRY    Link;
    LARGE_INTEGER Time;
    BOOLEAN       Arrival;
    BOOLEAN       IsDisk;
    USHORT        NameLength;                 /* in bytes */
    WCHAR         Name[VW_NAME_CHARS];
} VW_EVENT, *PVW_EVENT;

typedef struct _VW_HISTORY {
    LIST_ENTRY  Head;
    ULONG       Count;
    ULONG       Dropped;
    FAST_MUTEX  Lock;
} VW_HISTORY;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VwUnload;
DRIVER_NOTIFICATION_CALLBACK_ROUTINE VwInterfaceNotify;

static VW_HISTORY              g_History;
static PAGED_LOOKASIDE_LIST    g_EventLookaside;
static PVOID                   g_VolumeNotifyEntry;
static PVOID                   g_DiskNotifyEntry;

#define VW_CTX_VOLUME ((PVOID)(ULONG_PTR)1)
#define VW_CTX_DISK   ((PVOID)(ULONG_PTR)2)

static VOID
VwRecordEvent(
    _In_ PCUNICODE_STRING LinkName,
    _In_ BOOLEAN Arrival,
    _In_ BOOLEAN IsDisk
    )
{
    PVW_EVENT ev;
    PLIST_ENTRY old;
    USHORT copyLen;

    ev = (PVW_EVENT)ExAllocateFromPagedLookasideList(&g_EventLookaside);
    if (ev == NULL) {
        InterlockedIncrement((volatile LONG *)&g_History.Dropped);
        return;
    }

    RtlZeroMemory(ev, sizeof(*ev));
    KeQuerySystemTime(&ev->Time);
    ev->Arrival = Arrival;
    ev->IsDisk = IsDisk;

    copyLen = LinkName->Length;
    if (copyLen > sizeof(ev->Name) - sizeof(WCHAR)) {
        copyLen = sizeof(ev->Name) - sizeof(WCHAR);
    }
    RtlCopyMemory(ev->Name, LinkName->Buffer, copyLen);
    ev->NameLength = copyLen;

    ExAcquireFastMutex(&g_History.Lock);

    InsertTailList(&g_History.Head, &ev->Link);
    g_History.Count++;

    /* keep the list bounded: drop the oldest entry */
    if (g_History.Count > VW_MAX_HISTORY) {
        old = RemoveHeadList(&g_History.Head);
        g_History.Count--;
        ExFreeToPagedLookasideList(&g_EventLookaside,
                                   CONTAINING_RECORD(old, VW_EVENT, Link));
    }

    ExReleaseFastMutex(&g_History.Lock);
}

NTSTATUS
VwInterfaceNotify(
    _In_ PVOID NotificationStructure,
    _Inout_opt_ PVOID Context
    )
{
    PDEVICE_INTERFACE_CHANGE_NOTIFICATION n =
        (PDEVICE_INTERFACE_CHANGE_NOTIFICATION)NotificationStructure;
    BOOLEAN isDisk = (Context == VW_CTX_DISK);
    BOOLEAN arrival;

    PAGED_CODE();

    if (IsEqualGUID(&n->Event, &GUID_DEVICE_INTERFACE_ARRIVAL)) {
        arrival = TRUE;
    } else if (IsEqualGUID(&n->Event, &GUID_DEVICE_INTERFACE_REMOVAL)) {
        arrival = FALSE;
    } else {
        return STATUS_SUCCESS;
    }

    KdPrint(("volwatch: %s %s %wZ\n",
             isDisk ? "disk" : "volume",
             arrival ? "arrived" : "removed",
             n->SymbolicLinkName));

    VwRecordEvent(n->SymbolicLinkName, arrival, isDisk);

    /* always succeed, the PnP manager ignores the value anyway */
    return STATUS_SUCCESS;
}

static VOID
VwFreeHistory(VOID)
{
    PLIST_ENTRY entry;

    ExAcquireFastMutex(&g_History.Lock);
    while (!IsListEmpty(&g_History.Head)) {
        entry = RemoveHeadList(&g_History.Head);
        ExFreeToPagedLookasideList(&g_EventLookaside,
                                   CONTAINING_RECORD(entry, VW_EVENT, Link));
    }
    g_History.Count = 0;
    ExReleaseFastMutex(&g_History.Lock);
}

VOID
VwUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    if (g_DiskNotifyEntry != NULL) {
        IoUnregisterPlugPlayNotificationEx(g_DiskNotifyEntry);
        g_DiskNotifyEntry = NULL;
    }

    if (g_VolumeNotifyEntry != NULL) {
        IoUnregisterPlugPlayNotificationEx(g_VolumeNotifyEntry);
        g_VolumeNotifyEntry = NULL;
    }

    VwFreeHistory();

    KdPrint(("volwatch: unloaded, %lu events dropped\n", g_History.Dropped));
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeListHead(&g_History.Head);
    g_History.Count = 0;
    g_History.Dropped = 0;
    ExInitializeFastMutex(&g_History.Lock);

    ExInitializePagedLookasideList(&g_EventLookaside,
                                   NULL,
                                   NULL,
                                   0,
                                   sizeof(VW_EVENT),
                                   VW_TAG,
                                   0);

    DriverObject->DriverUnload = VwUnload;

    status = IoRegisterPlugPlayNotification(
                 EventCategoryDeviceInterfaceChange,
                 PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                 (PVOID)&GUID_DEVINTERFACE_VOLUME,
                 DriverObject,
                 VwInterfaceNotify,
                 VW_CTX_VOLUME,
                 &g_VolumeNotifyEntry);
    if (!NT_SUCCESS(status)) {
        KdPrint(("volwatch: volume notification failed 0x%08X\n", status));
        VwFreeHistory();
        ExDeletePagedLookasideList(&g_EventLookaside);
        return status;
    }

    status = IoRegisterPlugPlayNotification(
                 EventCategoryDeviceInterfaceChange,
                 PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                 (PVOID)&GUID_DEVINTERFACE_DISK,
                 DriverObject,
                 VwInterfaceNotify,
                 VW_CTX_DISK,
                 &g_DiskNotifyEntry);
    if (!NT_SUCCESS(status)) {
        KdPrint(("volwatch: disk notification failed 0x%08X\n", status));
        VwFreeHistory();
        ExDeletePagedLookasideList(&g_EventLookaside);
        return status;
    }

    KdPrint(("volwatch: watching volumes and disks\n"));
    return STATUS_SUCCESS;
}
