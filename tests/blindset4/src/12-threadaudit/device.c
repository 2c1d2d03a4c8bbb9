/*
 * device.c - the \\.\ThreadAudit device.
 */
#include "taudit.h"

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH TaDispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH TaDispatchDeviceControl;

static NTSTATUS
TaDispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
TaDispatchDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_TA_GET_EVENTS) {
        info = TaEventsDrain(Irp->AssociatedIrp.SystemBuffer,
                             irpSp->Parameters.DeviceIoControl.OutputBufferLength);
    } else {
        status = STATUS_INVALID_DEVICE_REQUEST;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
TaCreateDevice(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING deviceName;
    NTSTATUS status;

    RtlInitUnicodeString(&deviceName, TA_DEVICE_NAME);
    status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, TRUE, &g_Ta.Device);
    if (!NT_SUCCESS(status)) {
        g_Ta.Device = NULL;
        return status;
    }

    RtlInitUnicodeString(&g_Ta.LinkName, TA_LINK_NAME);
    status = IoCreateSymbolicLink(&g_Ta.LinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Ta.Device);
        g_Ta.Device = NULL;
        return status;
    }
    g_Ta.LinkCreated = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = TaDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = TaDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TaDispatchDeviceControl;

    g_Ta.Device->Flags |= DO_BUFFERED_IO;
    g_Ta.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
TaDeleteDevice(VOID)
{
    if (g_Ta.LinkCreated) {
        IoDeleteSymbolicLink(&g_Ta.LinkName);
        g_Ta.LinkCreated = FALSE;
    }
    if (g_Ta.Device != NULL) {
        IoDeleteDevice(g_Ta.Device);
        g_Ta.Device = NULL;
    }
}
