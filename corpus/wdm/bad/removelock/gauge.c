/*
 * gauge.c - a WDM function driver for a toy sensor. Every request takes
 * the device's remove lock; the PnP routine hands IRP_MN_REMOVE_DEVICE
 * down and releases its acquisition in GaugeRemove, then detaches and
 * deletes the device at once: requests still holding the lock may be
 * running (WDM020).
 */

#include <ntddk.h>

#define GAUGE_TAG 'guaG'

typedef struct _GAUGE_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
    PDEVICE_OBJECT Child;           /* the sensor's PDO, when the bus function reported it */
    IO_REMOVE_LOCK RemoveLock;
    BOOLEAN Started;
} GAUGE_EXTENSION, *PGAUGE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE GaugeAddDevice;
DRIVER_UNLOAD GaugeUnload;
_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH GaugePnp;
_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH GaugePower;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH GaugeCreateClose;

NTSTATUS
GaugeAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PDEVICE_OBJECT fdo;
    PGAUGE_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(GAUGE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = (PGAUGE_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fdo;
    IoInitializeRemoveLock(&ext->RemoveLock, GAUGE_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (ext->Lower == NULL) {
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }
    fdo->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static NTSTATUS
GaugeRemove(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PGAUGE_EXTENSION ext = (PGAUGE_EXTENSION)DeviceObject->DeviceExtension;
    PDEVICE_OBJECT lower = ext->Lower;
    NTSTATUS status;

    ext->Started = FALSE;
    if (ext->Child != NULL) {
        IoDeleteDevice(ext->Child);     /* its own remove lock, not ours */
        ext->Child = NULL;
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    IoDetachDevice(lower); // expect: WDM020
    IoDeleteDevice(DeviceObject);
    return status;
}

/* Puts a filter on the first child the bus reports; a failure leaves the
 * child unfiltered. */
static VOID
GaugeFilterChild(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PDEVICE_RELATIONS Relations
    )
{
    PDEVICE_OBJECT filter = NULL;
    PDEVICE_OBJECT below;
    NTSTATUS status;

    if (Relations == NULL || Relations->Count == 0) {
        return;
    }
    status = IoCreateDevice(DeviceObject->DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        return;
    }
    below = IoAttachDeviceToDeviceStack(filter, Relations->Objects[0]);
    if (below == NULL) {
        IoDeleteDevice(filter);
        return;
    }
    filter->Flags |= below->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    filter->Flags &= ~DO_DEVICE_INITIALIZING;
}

NTSTATUS
GaugePnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PGAUGE_EXTENSION ext = (PGAUGE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (stack->MinorFunction) {
    case IRP_MN_REMOVE_DEVICE:
        return GaugeRemove(DeviceObject, Irp);
    case IRP_MN_QUERY_DEVICE_RELATIONS:
        if (stack->Parameters.QueryDeviceRelations.Type == BusRelations) {
            GaugeFilterChild(DeviceObject, (PDEVICE_RELATIONS)Irp->IoStatus.Information);
        }
        break;
    case IRP_MN_SURPRISE_REMOVAL:
        ext->Started = FALSE;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;
    default:
        break;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
GaugePower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PGAUGE_EXTENSION ext = (PGAUGE_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        PoStartNextPowerIrp(Irp);
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
GaugeCreateClose(
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

VOID
GaugeUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverExtension->AddDevice = GaugeAddDevice;
    DriverObject->DriverUnload = GaugeUnload;
    DriverObject->MajorFunction[IRP_MJ_PNP] = GaugePnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = GaugePower;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = GaugeCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = GaugeCreateClose;
    return STATUS_SUCCESS;
}
