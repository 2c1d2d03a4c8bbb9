// PlugPlay.c -- PnP, power, WMI and I/O dispatch for the COUNTER driver

#include "stddcls.h"
#include "driver.h"

///////////////////////////////////////////////////////////////////////////////

static NTSTATUS DefaultPnpHandler(PDEVICE_EXTENSION pdx, PIRP Irp)
{                           // DefaultPnpHandler
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(pdx->LowerDeviceObject, Irp);
}                           // DefaultPnpHandler

static NTSTATUS OnRequestComplete(PDEVICE_OBJECT fdo, PIRP Irp, PVOID context)
{                           // OnRequestComplete
    UNREFERENCED_PARAMETER(fdo);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT) context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}                           // OnRequestComplete

static NTSTATUS ForwardAndWait(PDEVICE_EXTENSION pdx, PIRP Irp)
{                           // ForwardAndWait
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, OnRequestComplete, &event, TRUE, TRUE, TRUE);
    IoCallDriver(pdx->LowerDeviceObject, Irp);
    KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
    return Irp->IoStatus.Status;
}                           // ForwardAndWait

///////////////////////////////////////////////////////////////////////////////

NTSTATUS DispatchPnp(PDEVICE_OBJECT fdo, PIRP Irp)
{                           // DispatchPnp
    PDEVICE_EXTENSION pdx = (PDEVICE_EXTENSION) fdo->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&pdx->RemoveLock, Irp);
    if (!NT_SUCCESS(status))
        return CompleteRequest(Irp, status, 0);

    switch (stack->MinorFunction)
        {                   // process request

    case IRP_MN_START_DEVICE:
        status = ForwardAndWait(pdx, Irp);
        if (NT_SUCCESS(status))
            {
            pdx->Started = TRUE;
            IoSetDeviceInterfaceState(&pdx->ifname, TRUE);
            }
        CompleteRequest(Irp, status, Irp->IoStatus.Information);
        IoReleaseRemoveLock(&pdx->RemoveLock, Irp);
        return status;

    case IRP_MN_REMOVE_DEVICE:
        if (pdx->Started)
            IoSetDeviceInterfaceState(&pdx->ifname, FALSE);
        pdx->Started = FALSE;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        status = DefaultPnpHandler(pdx, Irp);
        IoReleaseRemoveLockAndWait(&pdx->RemoveLock, Irp);
        RtlFreeUnicodeString(&pdx->ifname);
        IoDetachDevice(pdx->LowerDeviceObject);
        InterlockedDecrement(&GetDriverData(fdo->DriverObject)->DeviceCount);
        IoDeleteDevice(fdo);
        return status;

    case IRP_MN_SURPRISE_REMOVAL:
        if (pdx->Started)
            IoSetDeviceInterfaceState(&pdx->ifname, FALSE);
        pdx->Started = FALSE;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
    case IRP_MN_STOP_DEVICE:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    default:
        break;
        }                   // process request

    status = DefaultPnpHandler(pdx, Irp);
    IoReleaseRemoveLock(&pdx->RemoveLock, Irp);
    return status;
}                           // DispatchPnp

///////////////////////////////////////////////////////////////////////////////

NTSTATUS DispatchPower(PDEVICE_OBJECT fdo, PIRP Irp)
{                           // DispatchPower
    PDEVICE_EXTENSION pdx = (PDEVICE_EXTENSION) fdo->DeviceExtension;
    NTSTATUS status;

    PoStartNextPowerIrp(Irp);
    status = IoAcquireRemoveLock(&pdx->RemoveLock, Irp);
    if (!NT_SUCCESS(status))
        return CompleteRequest(Irp, status, 0);

    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(pdx->LowerDeviceObject, Irp);
    IoReleaseRemoveLock(&pdx->RemoveLock, Irp);
    return status;
}                           // DispatchPower

NTSTATUS DispatchWmi(PDEVICE_OBJECT fdo, PIRP Irp)
{                           // DispatchWmi
    PDEVICE_EXTENSION pdx = (PDEVICE_EXTENSION) fdo->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&pdx->RemoveLock, Irp);
    if (!NT_SUCCESS(status))
        return CompleteRequest(Irp, status, 0);

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(pdx->LowerDeviceObject, Irp);
    IoReleaseRemoveLock(&pdx->RemoveLock, Irp);
    return status;
}                           // DispatchWmi

///////////////////////////////////////////////////////////////////////////////

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT fdo, PIRP Irp)
{                           // DispatchCreateClose
    UNREFERENCED_PARAMETER(fdo);
    return CompleteRequest(Irp, STATUS_SUCCESS, 0);
}                           // DispatchCreateClose

NTSTATUS DispatchControl(PDEVICE_OBJECT fdo, PIRP Irp)
{                           // DispatchControl
    PDEVICE_EXTENSION pdx = (PDEVICE_EXTENSION) fdo->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG cbout = stack->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG_PTR info = 0;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&pdx->RemoveLock, Irp);
    if (!NT_SUCCESS(status))
        return CompleteRequest(Irp, status, 0);

    switch (stack->Parameters.DeviceIoControl.IoControlCode)
        {                   // process request
    case IOCTL_COUNTER_GET:
        if (cbout < sizeof(LONG))
            {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
            }
        *(PLONG) Irp->AssociatedIrp.SystemBuffer = pdx->Counter;
        info = sizeof(LONG);
        break;

    case IOCTL_COUNTER_BUMP:
        InterlockedIncrement(&pdx->Counter);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
        }                   // process request

    IoReleaseRemoveLock(&pdx->RemoveLock, Irp);
    return CompleteRequest(Irp, status, info);
}                           // DispatchControl
