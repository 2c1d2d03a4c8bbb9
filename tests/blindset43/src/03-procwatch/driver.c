/*
 * procwatch.sys - process/thread telemetry for the pw agent
 *
 * (c) 2023 - MIT
 */
#include "procwatch.h"

PW_GLOBALS g_Pw = { 0 };

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD PwUnload;
static DRIVER_DISPATCH PwDispatchCreateClose;
static DRIVER_DISPATCH PwDispatchIoctl;

static NTSTATUS
PwDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
PwDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR bytes = 0;
    ULONG outLen = irpSp->Parameters.DeviceIoControl.OutputBufferLength;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode)
    {
    case IOCTL_PW_READ_EVENTS:
        if (outLen < sizeof(PW_EVENT)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ULONG n = PwQueuePop((PPW_EVENT)Irp->AssociatedIrp.SystemBuffer,
                                 outLen / sizeof(PW_EVENT));
            bytes = (ULONG_PTR)n * sizeof(PW_EVENT);
            status = STATUS_SUCCESS;
        }
        break;

    case IOCTL_PW_GET_DEPTH:
        if (outLen < 2 * sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            PULONG p = (PULONG)Irp->AssociatedIrp.SystemBuffer;
            p[0] = g_Pw.Depth;
            p[1] = g_Pw.Dropped;
            bytes = 2 * sizeof(ULONG);
            status = STATUS_SUCCESS;
        }
        break;

    default:
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = bytes;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID
PwUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(PW_DOS_DEVICE);

    UNREFERENCED_PARAMETER(DriverObject);

    PW_DBG("unload\n");

    PwStopNotify();

    if (g_Pw.LinkCreated) {
        IoDeleteSymbolicLink(&dosName);
    }
    if (g_Pw.DeviceObject) {
        IoDeleteDevice(g_Pw.DeviceObject);
    }

    PwQueueDestroy();
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING ntName  = RTL_CONSTANT_STRING(PW_NT_DEVICE);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(PW_DOS_DEVICE);

    UNREFERENCED_PARAMETER(RegistryPath);

    PW_DBG("DriverEntry\n");

    status = PwQueueInit();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &ntName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pw.DeviceObject);
    CHECK_STATUS(status, "IoCreateDevice");
    if (!NT_SUCCESS(status)) {
        goto err_queue;
    }
    g_Pw.DeviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&dosName, &ntName);
    CHECK_STATUS(status, "IoCreateSymbolicLink");
    if (!NT_SUCCESS(status)) {
        goto err_device;
    }
    g_Pw.LinkCreated = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PwDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PwDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PwDispatchIoctl;
    DriverObject->DriverUnload                         = PwUnload;

    status = PwStartNotify();
    if (!NT_SUCCESS(status)) {
        goto err_link;
    }

    g_Pw.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

err_link:
    IoDeleteSymbolicLink(&dosName);
    g_Pw.LinkCreated = FALSE;
err_device:
    IoDeleteDevice(g_Pw.DeviceObject);
    g_Pw.DeviceObject = NULL;
err_queue:
    PwQueueDestroy();
    return status;
}
