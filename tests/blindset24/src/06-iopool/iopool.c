//
// iopool.c - "audit journal" driver
//
// User mode writes short audit messages with IOCTL_JOURNAL_APPEND.  Each
// message is copied into a record taken from a lookaside list and put on a
// pending list; an IO_WORKITEM flushes the pending list to
// \SystemRoot\Temp\iopool.log at PASSIVE_LEVEL.  Optionally the client
// registers an event (IOCTL_JOURNAL_SET_EVENT) that is signalled after each
// flush.
//
// Exercise for: lookaside lists, guarded mutexes, IO work items, handle
// referencing.
//

#include <ntifs.h>
#include <ntddk.h>
#include <ntstrsafe.h>

#define JR_TAG          'lnrJ'
#define JR_MSG_MAX      240
#define JR_DEVICE_NAME  L"\\Device\\IoPool"
#define JR_LINK_NAME    L"\\DosDevices\\IoPool"
#define JR_LOG_PATH     L"\\SystemRoot\\Temp\\iopool.log"

#define IOCTL_JOURNAL_APPEND     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_JOURNAL_SET_EVENT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_WRITE_DATA)

typedef struct _JR_RECORD {
    LIST_ENTRY    Link;
    LARGE_INTEGER Time;
    ULONG         Pid;
    ULONG         Length;
    CHAR          Text[JR_MSG_MAX];
} JR_RECORD, *PJR_RECORD;

static LOOKASIDE_LIST_EX g_RecordPool;
static KGUARDED_MUTEX    g_PendingLock;
static LIST_ENTRY        g_PendingList;
static PIO_WORKITEM      g_FlushItem;
static volatile LONG     g_FlushQueued;
static HANDLE            g_LogFile;
static PKEVENT           g_ClientEvent;
static PDEVICE_OBJECT    g_DeviceObject;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     JrUnload;
IO_WORKITEM_ROUTINE JrFlushWorker;

static NTSTATUS
JrOpenLog(VOID)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(JR_LOG_PATH);
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);

    return ZwCreateFile(&g_LogFile, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, NULL,
                        FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                        FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
}

VOID
JrFlushWorker(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_opt_ PVOID Context
    )
{
    LIST_ENTRY local;
    PLIST_ENTRY entry;
    PJR_RECORD rec;
    IO_STATUS_BLOCK iosb;
    CHAR line[JR_MSG_MAX + 48];
    size_t len;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    InitializeListHead(&local);

    KeAcquireGuardedMutex(&g_PendingLock);
    while (!IsListEmpty(&g_PendingList)) {
        entry = RemoveHeadList(&g_PendingList);
        InsertTailList(&local, entry);
    }
    InterlockedExchange(&g_FlushQueued, 0);
    KeReleaseGuardedMutex(&g_PendingLock);

    if (g_LogFile == NULL && !NT_SUCCESS(JrOpenLog())) {
        g_LogFile = NULL;
    }

    while (!IsListEmpty(&local)) {
        entry = RemoveHeadList(&local);
        rec = CONTAINING_RECORD(entry, JR_RECORD, Link);

        if (g_LogFile != NULL &&
            NT_SUCCESS(RtlStringCbPrintfA(line, sizeof(line), "%I64d pid=%lu %.*s\r\n",
                                          rec->Time.QuadPart, rec->Pid,
                                          (int)rec->Length, rec->Text)) &&
            NT_SUCCESS(RtlStringCbLengthA(line, sizeof(line), &len))) {
            ZwWriteFile(g_LogFile, NULL, NULL, NULL, &iosb, line, (ULONG)len, NULL, NULL);
        }

        ExFreeToLookasideListEx(&g_RecordPool, rec);
    }

    if (g_ClientEvent != NULL) {
        KeSetEvent(g_ClientEvent, IO_NO_INCREMENT, FALSE);
    }
}

static NTSTATUS
JrAppend(
    _In_reads_bytes_(Length) PCSTR Text,
    _In_ ULONG Length
    )
{
    PJR_RECORD rec;

    if (Length == 0) {
        return STATUS_INVALID_PARAMETER;
    }

    rec = (PJR_RECORD)ExAllocateFromLookasideListEx(&g_RecordPool);
    if (rec == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeQuerySystemTime(&rec->Time);
    rec->Pid = HandleToULong(PsGetCurrentProcessId());
    rec->Length = min(Length, JR_MSG_MAX);
    RtlCopyMemory(rec->Text, Text, rec->Length);

    KeAcquireGuardedMutex(&g_PendingLock);
    InsertTailList(&g_PendingList, &rec->Link);
    if (InterlockedCompareExchange(&g_FlushQueued, 1, 0) == 0) {
        IoQueueWorkItem(g_FlushItem, JrFlushWorker, DelayedWorkQueue, NULL);
    }
    KeReleaseGuardedMutex(&g_PendingLock);

    return STATUS_SUCCESS;
}

static NTSTATUS
JrSetEvent(
    _In_ HANDLE UserEvent
    )
{
    NTSTATUS status;
    PKEVENT evt;
    PKEVENT old;

    status = ObReferenceObjectByHandle(UserEvent, EVENT_MODIFY_STATE, *ExEventObjectType,
                                       UserMode, (PVOID*)&evt, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    old = (PKEVENT)InterlockedExchangePointer((PVOID*)&g_ClientEvent, evt);
    if (old != NULL) {
        ObDereferenceObject(old);
    }
    return STATUS_SUCCESS;
}

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
static NTSTATUS
JrCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static NTSTATUS
JrDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_JOURNAL_APPEND:
        status = JrAppend((PCSTR)buf, inLen);
        break;

    case IOCTL_JOURNAL_SET_EVENT:
        if (inLen < sizeof(HANDLE)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = JrSetEvent(*(PHANDLE)buf);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
JrUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(JR_LINK_NAME);
    PLIST_ENTRY entry;
    PKEVENT evt;

    UNREFERENCED_PARAMETER(DriverObject);

    IoDeleteSymbolicLink(&link);

    IoFreeWorkItem(g_FlushItem);
    g_FlushItem = NULL;

    // drop whatever did not make it to disk
    KeAcquireGuardedMutex(&g_PendingLock);
    while (!IsListEmpty(&g_PendingList)) {
        entry = RemoveHeadList(&g_PendingList);
        ExFreeToLookasideListEx(&g_RecordPool, CONTAINING_RECORD(entry, JR_RECORD, Link));
    }
    KeReleaseGuardedMutex(&g_PendingLock);

    ExDeleteLookasideListEx(&g_RecordPool);

    if (g_LogFile != NULL) {
        ZwClose(g_LogFile);
        g_LogFile = NULL;
    }

    evt = (PKEVENT)InterlockedExchangePointer((PVOID*)&g_ClientEvent, NULL);
    if (evt != NULL) {
        ObDereferenceObject(evt);
    }

    IoDeleteDevice(g_DeviceObject);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(JR_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(JR_LINK_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeListHead(&g_PendingList);
    KeInitializeGuardedMutex(&g_PendingLock);

    status = ExInitializeLookasideListEx(&g_RecordPool, NULL, NULL, NonPagedPoolNx, 0,
                                         sizeof(JR_RECORD), JR_TAG, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        ExDeleteLookasideListEx(&g_RecordPool);
        return status;
    }

    g_FlushItem = IoAllocateWorkItem(g_DeviceObject);
    if (g_FlushItem == NULL) {
        IoDeleteDevice(g_DeviceObject);
        ExDeleteLookasideListEx(&g_RecordPool);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        IoFreeWorkItem(g_FlushItem);
        IoDeleteDevice(g_DeviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = JrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = JrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = JrDeviceControl;
    DriverObject->DriverUnload = JrUnload;

    g_DeviceObject->Flags |= DO_BUFFERED_IO;
    g_DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    return STATUS_SUCCESS;
}
