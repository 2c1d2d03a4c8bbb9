//
// procmon-lite: logs process and thread creation/exit, usermode pulls the
// events with IOCTL_PM_GET_EVENTS.
//
#include "procmon.h"

PM_GLOBALS g_Pm;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD PmUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH PmCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH PmDeviceControl;

static NTSTATUS
PmCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
PmDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_PM_GET_EVENTS) {
        ULONG max = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(PM_EVENT_DATA);
        if (max == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ULONG n = EvqDrain((PPM_EVENT_DATA)Irp->AssociatedIrp.SystemBuffer, max);
            info = (ULONG_PTR)n * sizeof(PM_EVENT_DATA);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID
PmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PM_LOG("unload");

    EvqShutdown();
    NotifyRemove();
    DevDestroy(DriverObject);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = EvqInitialize();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = DevCreate(DriverObject);
    if (!NT_SUCCESS(status)) {
        goto fail_queue;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PmDeviceControl;

    status = NotifyInstall();
    if (!NT_SUCCESS(status)) {
        goto fail_device;
    }

    DriverObject->DriverUnload = PmUnload;
    PM_LOG("loaded");
    return STATUS_SUCCESS;

fail_device:
    DevDestroy(DriverObject);
fail_queue:
    EvqShutdown();
    return status;
}
