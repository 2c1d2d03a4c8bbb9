/*
 * main.c - DriverEntry, Unload, dispatch for SysWorker
 */
#include "sysworker.h"

SW_GLOBALS g_Sw;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     SwUnload;
DRIVER_DISPATCH   SwCreateClose;
DRIVER_DISPATCH   SwIoctl;

NTSTATUS
SwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
SwIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SW_QUEUE_JOB: {
        ULONG id;
        if (outLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = SwQueueJob(buf, inLen, &id);
        if (NT_SUCCESS(status)) {
            *(PULONG)buf = id;
            info = sizeof(ULONG);
        }
        break;
    }
    case IOCTL_SW_GET_RESULT: {
        ULONG id, result;
        if (inLen < sizeof(ULONG) || outLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        id = *(PULONG)buf;
        status = SwTakeResult(id, &result);
        if (status == STATUS_SUCCESS) {
            *(PULONG)buf = result;
            info = sizeof(ULONG);
        } else {
            /* not done yet; tell the caller to retry */
            status = STATUS_RETRY;
        }
        break;
    }
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID
SwStopWorker(VOID)
{
    if (g_Sw.Thread == NULL) {
        return;
    }
    KeSetEvent(&g_Sw.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Sw.Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Sw.Thread);
    g_Sw.Thread = NULL;
}

VOID
SwUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(SW_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    SwStopWorker();
    SwFreeAllJobs();

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Sw.Device);
    LOG("unloaded");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(SW_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(SW_LINK_NAME);
    HANDLE threadHandle;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Sw, sizeof(g_Sw));
    KeInitializeEvent(&g_Sw.StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&g_Sw.WorkEvent, SynchronizationEvent, FALSE);
    KeInitializeSpinLock(&g_Sw.Lock);
    InitializeListHead(&g_Sw.Pending);
    InitializeListHead(&g_Sw.Finished);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Sw.Device);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateDevice failed 0x%08X", status);
        return status;
    }
    g_Sw.Device->Flags |= DO_BUFFERED_IO;

    status = PsCreateSystemThread(&threadHandle, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                  SwWorkerThread, NULL);
    if (!NT_SUCCESS(status)) {
        LOG("PsCreateSystemThread failed 0x%08X", status);
        IoDeleteDevice(g_Sw.Device);
        return status;
    }

    /* keep a pointer to the thread so unload can wait for it */
    status = ObReferenceObjectByHandle(threadHandle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID *)&g_Sw.Thread, NULL);
    if (!NT_SUCCESS(status)) {
        /* cannot happen for a handle we just got, but be tidy */
        LOG("ObReferenceObjectByHandle failed 0x%08X", status);
        KeSetEvent(&g_Sw.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(threadHandle, FALSE, NULL);
        ZwClose(threadHandle);
        g_Sw.Thread = NULL;
        IoDeleteDevice(g_Sw.Device);
        return status;
    }
    ZwClose(threadHandle);

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateSymbolicLink failed 0x%08X", status);
        IoDeleteDevice(g_Sw.Device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = SwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SwIoctl;
    DriverObject->DriverUnload = SwUnload;

    g_Sw.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    LOG("loaded");
    return STATUS_SUCCESS;
}
