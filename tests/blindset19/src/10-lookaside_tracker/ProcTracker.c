/*
 * ProcTracker.c
 *
 * Keeps a list of live processes (pid, parent, creation time) fed by the
 * legacy process notify routine.  List entries come from a non-paged
 * lookaside list; the list itself is guarded by an ERESOURCE so that the
 * IOCTL readers can share it.
 *
 * Initialization records every step in g_InitFlags and TrkCleanup() tears
 * down exactly what is recorded, for both a failed DriverEntry and Unload.
 */
#include <ntddk.h>

#define TRK_TAG             'kcrT'
#define TRK_MAX_TRACKED     4096
#define TRK_DEVICE_NAME     L"\\Device\\ProcTracker"
#define TRK_LINK_NAME       L"\\??\\ProcTracker"

#define TRK_IOCTL_SNAPSHOT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_READ_ACCESS)

#define TRK_F_RESOURCE      0x00000001
#define TRK_F_LOOKASIDE     0x00000002
#define TRK_F_DEVICE        0x00000004
#define TRK_F_SYMLINK       0x00000008
#define TRK_F_NOTIFY        0x00000010

typedef struct _TRK_ENTRY {
    LIST_ENTRY    Link;
    HANDLE        ProcessId;
    HANDLE        ParentId;
    LARGE_INTEGER CreateTime;
} TRK_ENTRY, *PTRK_ENTRY;

typedef struct _TRK_RECORD {
    ULONG64       ProcessId;
    ULONG64       ParentId;
    LARGE_INTEGER CreateTime;
} TRK_RECORD, *PTRK_RECORD;

static ULONG                 g_InitFlags;
static PDEVICE_OBJECT        g_DeviceObject;
static ERESOURCE             g_ListLock;
static NPAGED_LOOKASIDE_LIST g_EntryLookaside;
static LIST_ENTRY            g_ProcessList;
static ULONG                 g_ProcessCount;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD TrkUnload;
static DRIVER_DISPATCH TrkCreateClose;
static DRIVER_DISPATCH TrkDeviceControl;

static VOID
TrkRemoveLocked(_In_ PTRK_ENTRY Entry)
{
    RemoveEntryList(&Entry->Link);
    g_ProcessCount--;
    ExFreeToNPagedLookasideList(&g_EntryLookaside, Entry);
}

static VOID
TrkProcessNotify(_In_ HANDLE ParentId, _In_ HANDLE ProcessId, _In_ BOOLEAN Create)
{
    PTRK_ENTRY Entry;
    PLIST_ENTRY Link;

    if (Create) {
        Entry = (PTRK_ENTRY)ExAllocateFromNPagedLookasideList(&g_EntryLookaside);
        if (Entry == NULL) {
            return;
        }
        Entry->ProcessId = ProcessId;
        Entry->ParentId = ParentId;
        KeQuerySystemTime(&Entry->CreateTime);

        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&g_ListLock, TRUE);
        InsertTailList(&g_ProcessList, &Entry->Link);
        g_ProcessCount++;
        if (g_ProcessCount > TRK_MAX_TRACKED) {
            TrkRemoveLocked(CONTAINING_RECORD(g_ProcessList.Flink, TRK_ENTRY, Link));
        }
        ExReleaseResourceLite(&g_ListLock);
        KeLeaveCriticalRegion();
        return;
    }

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&g_ListLock, TRUE);
    for (Link = g_ProcessList.Flink; Link != &g_ProcessList; Link = Link->Flink) {
        Entry = CONTAINING_RECORD(Link, TRK_ENTRY, Link);
        if (Entry->ProcessId == ProcessId) {
            TrkRemoveLocked(Entry);
            break;
        }
    }
    ExReleaseResourceLite(&g_ListLock);
    KeLeaveCriticalRegion();
}

static VOID
TrkCleanup(VOID)
{
    if (g_InitFlags & TRK_F_NOTIFY) {
        PsSetCreateProcessNotifyRoutine(TrkProcessNotify, TRUE);
        g_InitFlags &= ~TRK_F_NOTIFY;
    }

    if (g_InitFlags & TRK_F_SYMLINK) {
        UNICODE_STRING LinkName = RTL_CONSTANT_STRING(TRK_LINK_NAME);
        IoDeleteSymbolicLink(&LinkName);
        g_InitFlags &= ~TRK_F_SYMLINK;
    }

    if (g_InitFlags & TRK_F_DEVICE) {
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
        g_InitFlags &= ~TRK_F_DEVICE;
    }

    if ((g_InitFlags & (TRK_F_LOOKASIDE | TRK_F_RESOURCE)) == (TRK_F_LOOKASIDE | TRK_F_RESOURCE)) {
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&g_ListLock, TRUE);
        while (!IsListEmpty(&g_ProcessList)) {
            TrkRemoveLocked(CONTAINING_RECORD(g_ProcessList.Flink, TRK_ENTRY, Link));
        }
        ExReleaseResourceLite(&g_ListLock);
        KeLeaveCriticalRegion();
    }

    if (g_InitFlags & TRK_F_LOOKASIDE) {
        ExDeleteNPagedLookasideList(&g_EntryLookaside);
        g_InitFlags &= ~TRK_F_LOOKASIDE;
    }

    if (g_InitFlags & TRK_F_RESOURCE) {
        ExDeleteResourceLite(&g_ListLock);
        g_InitFlags &= ~TRK_F_RESOURCE;
    }
}

static NTSTATUS
TrkCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
TrkDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG_PTR Information = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Stack->Parameters.DeviceIoControl.IoControlCode == TRK_IOCTL_SNAPSHOT) {
        ULONG Capacity = Stack->Parameters.DeviceIoControl.OutputBufferLength / sizeof(TRK_RECORD);
        PTRK_RECORD Out = (PTRK_RECORD)Irp->AssociatedIrp.SystemBuffer;
        PLIST_ENTRY Link;
        ULONG Count = 0;

        KeEnterCriticalRegion();
        ExAcquireResourceSharedLite(&g_ListLock, TRUE);
        for (Link = g_ProcessList.Flink; Link != &g_ProcessList && Count < Capacity; Link = Link->Flink) {
            PTRK_ENTRY Entry = CONTAINING_RECORD(Link, TRK_ENTRY, Link);
            Out[Count].ProcessId = (ULONG64)(ULONG_PTR)Entry->ProcessId;
            Out[Count].ParentId = (ULONG64)(ULONG_PTR)Entry->ParentId;
            Out[Count].CreateTime = Entry->CreateTime;
            Count++;
        }
        if (Link != &g_ProcessList) {
            Status = STATUS_BUFFER_OVERFLOW;
        }
        ExReleaseResourceLite(&g_ListLock);
        KeLeaveCriticalRegion();

        Information = (ULONG_PTR)Count * sizeof(TRK_RECORD);
    } else {
        Status = STATUS_INVALID_DEVICE_REQUEST;
    }

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static VOID
TrkUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    TrkCleanup();
    KdPrint(("ProcTracker: unloaded\n"));
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING DeviceName = RTL_CONSTANT_STRING(TRK_DEVICE_NAME);
    UNICODE_STRING LinkName = RTL_CONSTANT_STRING(TRK_LINK_NAME);
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_InitFlags = 0;
    InitializeListHead(&g_ProcessList);
    g_ProcessCount = 0;

    DriverObject->DriverUnload = TrkUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = TrkCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TrkCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TrkDeviceControl;

    Status = ExInitializeResourceLite(&g_ListLock);
    if (!NT_SUCCESS(Status)) {
        return Status;
    }
    g_InitFlags |= TRK_F_RESOURCE;

    ExInitializeNPagedLookasideList(&g_EntryLookaside, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(TRK_ENTRY), TRK_TAG, 0);
    g_InitFlags |= TRK_F_LOOKASIDE;

    Status = IoCreateDevice(DriverObject, 0, &DeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_DeviceObject);
    if (!NT_SUCCESS(Status)) {
        KdPrint(("ProcTracker: IoCreateDevice 0x%08X\n", Status));
        goto Fail;
    }
    g_InitFlags |= TRK_F_DEVICE;
    g_DeviceObject->Flags |= DO_BUFFERED_IO;

    Status = IoCreateSymbolicLink(&LinkName, &DeviceName);
    if (!NT_SUCCESS(Status)) {
        KdPrint(("ProcTracker: IoCreateSymbolicLink 0x%08X\n", Status));
        goto Fail;
    }
    g_InitFlags |= TRK_F_SYMLINK;

    Status = PsSetCreateProcessNotifyRoutine(TrkProcessNotify, FALSE);
    if (!NT_SUCCESS(Status)) {
        KdPrint(("ProcTracker: PsSetCreateProcessNotifyRoutine 0x%08X\n", Status));
        goto Fail;
    }
    g_InitFlags |= TRK_F_NOTIFY;

    g_DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

Fail:
    TrkCleanup();
    return Status;
}
