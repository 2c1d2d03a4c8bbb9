/*
 * ProcWatch - process / thread creation monitor
 *
 * Registers process + thread notify routines, queues the events in a list
 * and hands them out to user mode through IOCTL_PW_GET_EVENTS.
 *
 * build: link with /INTEGRITYCHECK, otherwise PsSetCreateProcessNotifyRoutineEx
 *        returns STATUS_ACCESS_DENIED
 */
#include <ntifs.h>
#include <ntddk.h>
#include "procwatch.h"

#define PW_TAG  'hcWP'

#define LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[procwatch] " fmt "\n", __VA_ARGS__)
#define LOGS(msg)      DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[procwatch] " msg "\n")

typedef struct _PW_ITEM {
    LIST_ENTRY Link;
    PW_EVENT   Event;
} PW_ITEM, *PPW_ITEM;

typedef struct _PW_GLOBALS {
    PDEVICE_OBJECT DeviceObject;
    FAST_MUTEX     Lock;
    LIST_ENTRY     Head;
    PW_STATS       Stats;
    BOOLEAN        Enabled;
} PW_GLOBALS;

static PW_GLOBALS g;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     PwUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PwCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH PwDeviceControl;

static VOID PwOnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
static VOID PwOnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PwUnload)
#pragma alloc_text(PAGE, PwCreateClose)
#pragma alloc_text(PAGE, PwDeviceControl)
#endif

/* ------------------------------------------------------------------------ */
/* event queue                                                              */
/* ------------------------------------------------------------------------ */

static VOID PwPush(PPW_ITEM Item)
{
    PPW_ITEM old = NULL;

    ExAcquireFastMutex(&g.Lock);
    if (g.Stats.Queued >= PW_MAX_QUEUED) {
        /* drop the oldest one */
        PLIST_ENTRY e = RemoveHeadList(&g.Head);
        old = CONTAINING_RECORD(e, PW_ITEM, Link);
        g.Stats.Queued--;
        g.Stats.Dropped++;
    }
    InsertTailList(&g.Head, &Item->Link);
    g.Stats.Queued++;
    ExReleaseFastMutex(&g.Lock);

    if (old)
        ExFreePoolWithTag(old, PW_TAG);
}

static PPW_ITEM PwAllocItem(PW_EVENT_TYPE Type, HANDLE Pid, HANDLE Tid)
{
    PPW_ITEM item = (PPW_ITEM)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(PW_ITEM), PW_TAG);
    if (item == NULL) {
        return NULL;
    }
    item->Event.Type = (ULONG)Type;
    item->Event.ProcessId = HandleToULong(Pid);
    item->Event.ThreadId = HandleToULong(Tid);
    KeQuerySystemTimePrecise(&item->Event.Time);
    return item;
}

static VOID PwFlush(VOID)
{
    ExAcquireFastMutex(&g.Lock);
    while (!IsListEmpty(&g.Head)) {
        PLIST_ENTRY e = RemoveHeadList(&g.Head);
        ExFreePoolWithTag(CONTAINING_RECORD(e, PW_ITEM, Link), PW_TAG);
    }
    g.Stats.Queued = 0;
    ExReleaseFastMutex(&g.Lock);
}

/* ------------------------------------------------------------------------ */
/* notify routines                                                          */
/* ------------------------------------------------------------------------ */

static VOID PwOnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    PPW_ITEM item;

    UNREFERENCED_PARAMETER(Process);

    if (!g.Enabled)
        return;

    item = PwAllocItem(CreateInfo ? PwProcessCreate : PwProcessExit, ProcessId, NULL);
    if (!item) {
        InterlockedIncrement((volatile LONG*)&g.Stats.Dropped);
        return;
    }

    if (CreateInfo) {
        item->Event.ParentId = HandleToULong(CreateInfo->ParentProcessId);
        if (CreateInfo->ImageFileName && CreateInfo->ImageFileName->Buffer) {
            USHORT chars = CreateInfo->ImageFileName->Length / sizeof(WCHAR);
            USHORT skip = 0;
            /* keep the tail, that's the interesting part */
            if (chars >= RTL_NUMBER_OF(item->Event.ImageName))
                skip = chars - (RTL_NUMBER_OF(item->Event.ImageName) - 1);
            RtlCopyMemory(item->Event.ImageName,
                          CreateInfo->ImageFileName->Buffer + skip,
                          (chars - skip) * sizeof(WCHAR));
        }
        InterlockedIncrement((volatile LONG*)&g.Stats.Processes);
    }

    PwPush(item);
}

static VOID PwOnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    PPW_ITEM item;

    if (!g.Enabled)
        return;

    item = PwAllocItem(Create ? PwThreadCreate : PwThreadExit, ProcessId, ThreadId);
    if (!item) {
        InterlockedIncrement((volatile LONG*)&g.Stats.Dropped);
        return;
    }
    if (Create)
        InterlockedIncrement((volatile LONG*)&g.Stats.Threads);

    PwPush(item);
}

/* ------------------------------------------------------------------------ */
/* dispatch                                                                 */
/* ------------------------------------------------------------------------ */

static NTSTATUS PwComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS PwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();
    return PwComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS PwDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PUCHAR buf = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PW_GET_EVENTS:
    {
        ULONG max = outLen / sizeof(PW_EVENT);
        ULONG n = 0;

        if (max == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ExAcquireFastMutex(&g.Lock);
        while (n < max && !IsListEmpty(&g.Head)) {
            PLIST_ENTRY e = RemoveHeadList(&g.Head);
            PPW_ITEM item = CONTAINING_RECORD(e, PW_ITEM, Link);
            RtlCopyMemory(buf + n * sizeof(PW_EVENT), &item->Event, sizeof(PW_EVENT));
            ExFreePoolWithTag(item, PW_TAG);
            g.Stats.Queued--;
            n++;
        }
        ExReleaseFastMutex(&g.Lock);
        info = n * sizeof(PW_EVENT);
        break;
    }
    case IOCTL_PW_CLEAR:
        PwFlush();
        break;

    case IOCTL_PW_GET_STATS:
        if (outLen < sizeof(PW_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ExAcquireFastMutex(&g.Lock);
        RtlCopyMemory(buf, &g.Stats, sizeof(PW_STATS));
        ExReleaseFastMutex(&g.Lock);
        info = sizeof(PW_STATS);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    return PwComplete(Irp, status, info);
}

/* ------------------------------------------------------------------------ */
/* load / unload                                                            */
/* ------------------------------------------------------------------------ */

VOID PwUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(PW_SYMLINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    g.Enabled = FALSE;

    PsRemoveCreateThreadNotifyRoutine(PwOnThread);
    PsSetCreateProcessNotifyRoutine((PCREATE_PROCESS_NOTIFY_ROUTINE)PwOnProcess, TRUE);

    PwFlush();

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g.DeviceObject);

    LOGS("unloaded");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PW_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(PW_SYMLINK_NAME);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g, sizeof(g));
    ExInitializeFastMutex(&g.Lock);
    InitializeListHead(&g.Head);

    DriverObject->DriverUnload = PwUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PwDeviceControl;

    status = IoCreateDevice(DriverObject, 0, &devName, PW_DEVICE_TYPE,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g.DeviceObject);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateDevice failed 0x%08X", status);
        return status;
    }
    g.DeviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateSymbolicLink failed 0x%08X", status);
        goto DeleteDevice;
    }

    g.Enabled = TRUE;

    status = PsSetCreateProcessNotifyRoutineEx(PwOnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        LOG("PsSetCreateProcessNotifyRoutineEx failed 0x%08X (missing /INTEGRITYCHECK?)", status);
        goto DeleteLink;
    }

    status = PsSetCreateThreadNotifyRoutine(PwOnThread);
    if (!NT_SUCCESS(status)) {
        LOG("PsSetCreateThreadNotifyRoutine failed 0x%08X", status);
        goto DeleteLink;
    }

    g.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    LOGS("loaded");
    return STATUS_SUCCESS;

DeleteLink:
    g.Enabled = FALSE;
    IoDeleteSymbolicLink(&link);
DeleteDevice:
    IoDeleteDevice(g.DeviceObject);
    g.DeviceObject = NULL;
    return status;
}
