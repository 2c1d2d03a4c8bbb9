#include "kwd.h"

KWD_CONTEXT g_Kwd;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KwdUnload;
DRIVER_DISPATCH KwdCreateClose;
DRIVER_DISPATCH KwdIoctl;

NTSTATUS KwdCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS KwdIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_KWD_PING:
        KwdPing(&g_Kwd);
        break;

    case IOCTL_KWD_SET_TIMEOUT:
        if (inLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        if (*(PULONG)buf == 0 || *(PULONG)buf > 3600) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        KeAcquireSpinLock(&g_Kwd.Lock, &irql);
        g_Kwd.TimeoutSec = *(PULONG)buf;
        KeReleaseSpinLock(&g_Kwd.Lock, irql);
        KDBG("timeout now %lu s", *(PULONG)buf);
        break;

    case IOCTL_KWD_GET_MISSED:
        if (outLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PULONG)buf = (ULONG)g_Kwd.Missed;
        info = sizeof(ULONG);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID KwdUnload(PDRIVER_OBJECT DriverObject)
{
    LARGE_INTEGER interval;

    UNREFERENCED_PARAMETER(DriverObject);

    KeCancelTimer(&g_Kwd.Timer);
    KeFlushQueuedDpcs();

    KeSetEvent(&g_Kwd.StopEvent, IO_NO_INCREMENT, FALSE);

    /* give the watch thread a moment to see the stop event */
    interval.QuadPart = -10000LL * 250;
    KeDelayExecutionThread(KernelMode, FALSE, &interval);

    IoDeleteSymbolicLink(&g_Kwd.SymLink);
    IoDeleteDevice(g_Kwd.DeviceObject);

    KDBG("unloaded (missed=%ld)", g_Kwd.Missed);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName;
    OBJECT_ATTRIBUTES oa;
    HANDLE hThread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KDBG("DriverEntry");

    KwdInitContext(&g_Kwd);

    RtlInitUnicodeString(&devName, KWD_DEVICE);
    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Kwd.DeviceObject);
    if (!NT_SUCCESS(status)) {
        KDBG("IoCreateDevice failed %08x", status);
        return status;
    }
    g_Kwd.DeviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_Kwd.SymLink, &devName);
    if (!NT_SUCCESS(status)) {
        KDBG("IoCreateSymbolicLink failed %08x", status);
        IoDeleteDevice(g_Kwd.DeviceObject);
        return status;
    }

    KwdStartTimer(&g_Kwd);

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&hThread, THREAD_ALL_ACCESS, &oa, NULL, NULL,
                                  KwdThread, &g_Kwd);
    if (!NT_SUCCESS(status)) {
        KDBG("PsCreateSystemThread failed %08x", status);
        IoDeleteSymbolicLink(&g_Kwd.SymLink);
        IoDeleteDevice(g_Kwd.DeviceObject);
        return status;
    }
    ZwClose(hThread);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = KwdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KwdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KwdIoctl;
    DriverObject->DriverUnload = KwdUnload;

    KDBG("watchdog armed, timeout %lu s", g_Kwd.TimeoutSec);
    return STATUS_SUCCESS;
}
