/*
 * sysworker.c - deferred log writer
 *
 * User mode (or other drivers via IRP_MJ_DEVICE_CONTROL) submits short
 * text lines; a dedicated system thread appends them to
 * \SystemRoot\Temp\sysworker.log every few seconds, or sooner when the
 * queue gets long.  Keeps file I/O off the callers' threads.
 */
#include <ntifs.h>
#include <ntddk.h>

#define SW_TAG              'kroW'
#define SW_DEVICE_NAME      L"\\Device\\SysWorker"
#define SW_LINK_NAME        L"\\DosDevices\\SysWorker"
#define SW_LOG_FILE         L"\\SystemRoot\\Temp\\sysworker.log"
#define SW_FLUSH_SECONDS    5
#define SW_WAKE_THRESHOLD   64
#define SW_MAX_LINE         240

#define IOCTL_SW_SUBMIT     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x950, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _SW_LINE {
    LIST_ENTRY Link;
    ULONG      Length;
    CHAR       Text[1];
} SW_LINE, *PSW_LINE;

typedef struct _WORKER_CONTEXT {
    PKEVENT     StopEvent;
    PKEVENT     WakeEvent;
    PLIST_ENTRY Queue;
    PKSPIN_LOCK QueueLock;
    ULONG       FlushSeconds;
} WORKER_CONTEXT, *PWORKER_CONTEXT;

static PDEVICE_OBJECT g_Device;
static PETHREAD       g_WorkerThread;
static KEVENT         g_StopEvent;
static KEVENT         g_WakeEvent;
static LIST_ENTRY     g_Queue;
static KSPIN_LOCK     g_QueueLock;
static volatile LONG  g_QueueDepth;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD SwUnload;
static DRIVER_DISPATCH SwCreateClose;
static DRIVER_DISPATCH SwDeviceControl;
static KSTART_ROUTINE SwWorkerThread;

static VOID
SwFlushQueue(_In_ PWORKER_CONTEXT Ctx)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(SW_LOG_FILE);
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE file = NULL;
    PLIST_ENTRY link;
    NTSTATUS status;

    if (IsListEmpty(Ctx->Queue)) {
        return;
    }

    InitializeObjectAttributes(&oa, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwCreateFile(&file, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, NULL, FILE_ATTRIBUTE_NORMAL,
                          FILE_SHARE_READ, FILE_OPEN_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
    if (!NT_SUCCESS(status)) {
        file = NULL;
    }

    while ((link = ExInterlockedRemoveHeadList(Ctx->Queue, Ctx->QueueLock)) != NULL) {
        PSW_LINE line = CONTAINING_RECORD(link, SW_LINE, Link);

        InterlockedDecrement(&g_QueueDepth);
        if (file != NULL) {
            ZwWriteFile(file, NULL, NULL, NULL, &iosb, line->Text, line->Length, NULL, NULL);
        }
        ExFreePoolWithTag(line, SW_TAG);
    }

    if (file != NULL) {
        ZwClose(file);
    }
}

static VOID
SwWorkerThread(_In_ PVOID StartContext)
{
    PWORKER_CONTEXT ctx = (PWORKER_CONTEXT)StartContext;
    PVOID waitObjects[2];
    LARGE_INTEGER timeout;
    NTSTATUS status;

    for (;;) {
        waitObjects[0] = ctx->StopEvent;
        waitObjects[1] = ctx->WakeEvent;
        timeout.QuadPart = -(LONGLONG)ctx->FlushSeconds * 10 * 1000 * 1000;

        status = KeWaitForMultipleObjects(2, waitObjects, WaitAny, Executive, KernelMode,
                                          FALSE, &timeout, NULL);
        if (status == STATUS_WAIT_0) {
            break;
        }
        SwFlushQueue(ctx);
    }

    SwFlushQueue(ctx);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS
SwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
SwDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG len = sp->Parameters.DeviceIoControl.InputBufferLength;
    NTSTATUS status = STATUS_SUCCESS;
    PSW_LINE line;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_SW_SUBMIT) {
        status = STATUS_INVALID_DEVICE_REQUEST;
        goto Complete;
    }
    if (len == 0 || len > SW_MAX_LINE) {
        status = STATUS_INVALID_PARAMETER;
        goto Complete;
    }

    line = (PSW_LINE)ExAllocatePool2(POOL_FLAG_NON_PAGED, FIELD_OFFSET(SW_LINE, Text) + len + 2, SW_TAG);
    if (line == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Complete;
    }
    RtlCopyMemory(line->Text, Irp->AssociatedIrp.SystemBuffer, len);
    line->Text[len] = '\r';
    line->Text[len + 1] = '\n';
    line->Length = len + 2;

    ExInterlockedInsertTailList(&g_Queue, &line->Link, &g_QueueLock);
    if (InterlockedIncrement(&g_QueueDepth) >= SW_WAKE_THRESHOLD) {
        KeSetEvent(&g_WakeEvent, IO_NO_INCREMENT, FALSE);
    }

Complete:
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID
SwUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(SW_LINK_NAME);
    PLIST_ENTRY link;

    UNREFERENCED_PARAMETER(DriverObject);

    KeSetEvent(&g_StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_WorkerThread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_WorkerThread);
    g_WorkerThread = NULL;

    while ((link = ExInterlockedRemoveHeadList(&g_Queue, &g_QueueLock)) != NULL) {
        ExFreePoolWithTag(CONTAINING_RECORD(link, SW_LINE, Link), SW_TAG);
    }

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Device);
    g_Device = NULL;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(SW_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(SW_LINK_NAME);
    OBJECT_ATTRIBUTES threadAttributes;
    WORKER_CONTEXT workerContext;
    HANDLE threadHandle;
    NTSTATUS status = STATUS_SUCCESS;
    NTSTATUS threadStatus;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = SwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SwDeviceControl;
    DriverObject->DriverUnload = SwUnload;

    KeInitializeEvent(&g_StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&g_WakeEvent, SynchronizationEvent, FALSE);
    InitializeListHead(&g_Queue);
    KeInitializeSpinLock(&g_QueueLock);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Device);
        g_Device = NULL;
        return status;
    }

    workerContext.StopEvent = &g_StopEvent;
    workerContext.WakeEvent = &g_WakeEvent;
    workerContext.Queue = &g_Queue;
    workerContext.QueueLock = &g_QueueLock;
    workerContext.FlushSeconds = SW_FLUSH_SECONDS;

    InitializeObjectAttributes(&threadAttributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    threadStatus = PsCreateSystemThread(&threadHandle, THREAD_ALL_ACCESS, &threadAttributes,
                                        NULL, NULL, SwWorkerThread, &workerContext);
    if (!NT_SUCCESS(threadStatus)) {
        KdPrint(("sysworker: PsCreateSystemThread failed 0x%08X\n", threadStatus));
        goto Done;
    }

    status = ObReferenceObjectByHandle(threadHandle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID *)&g_WorkerThread, NULL);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&g_StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(threadHandle, FALSE, NULL);
        ZwClose(threadHandle);
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(g_Device);
        g_Device = NULL;
        return status;
    }
    ZwClose(threadHandle);

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

Done:
    return status;
}
