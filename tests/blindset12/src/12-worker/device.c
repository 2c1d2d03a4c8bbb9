#include "worker.h"

static PDEVICE_OBJECT s_Dev;
static UNICODE_STRING s_DevName = RTL_CONSTANT_STRING(L"\\Device\\KWorker");
static UNICODE_STRING s_Link = RTL_CONSTANT_STRING(L"\\??\\KWorker");

static NTSTATUS
WkCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
WkIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_WK_SUBMIT:
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            status = WkSubmit(*(PULONG)Irp->AssociatedIrp.SystemBuffer);
        }
        break;
    case IOCTL_WK_STATS:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(WK_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            WkStatsSnapshot((PWK_STATS)Irp->AssociatedIrp.SystemBuffer);
            info = sizeof(WK_STATS);
            status = STATUS_SUCCESS;
        }
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
WkDeviceInit(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, &s_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &s_Dev);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&s_Link, &s_DevName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(s_Dev);
        s_Dev = NULL;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = WkCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = WkCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WkIoctl;

    s_Dev->Flags |= DO_BUFFERED_IO;
    s_Dev->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
WkDeviceFini(VOID)
{
    if (s_Dev != NULL) {
        IoDeleteSymbolicLink(&s_Link);
        IoDeleteDevice(s_Dev);
        s_Dev = NULL;
    }
}
