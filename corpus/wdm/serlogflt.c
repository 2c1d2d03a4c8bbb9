/*
 * serlogflt.c - upper filter for serial ports that counts bytes moving
 * through IRP_MJ_READ/IRP_MJ_WRITE for a field diagnostics tool.
 *
 * Every major function is passed through untouched except PnP (to detach
 * on remove) and power (PoCallDriver rules). Counters are read back over
 * WMI by a companion provider, not shown here.
 */

#include <ntddk.h>

#define SERLOG_TAG 'gLrS'

typedef struct _SERLOG_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  NextLower;
    IO_REMOVE_LOCK  RemoveLock;
    volatile LONG64 BytesRead;
    volatile LONG64 BytesWritten;
} SERLOG_EXTENSION, *PSERLOG_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE SerLogAddDevice;
DRIVER_UNLOAD SerLogUnload;
DRIVER_DISPATCH SerLogPassThrough;

_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH SerLogPnp;

_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH SerLogPower;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SerLogAddDevice)
#pragma alloc_text(PAGE, SerLogUnload)
#endif

NTSTATUS
DriverEntry(                                          // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    /*
     * A filter must accept every IRP its lower driver accepts, so start
     * from a table where everything is passed through ...
     */
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = SerLogPassThrough;
    }

    /* ... and then take over the two that need special handling. */
    DriverObject->MajorFunction[IRP_MJ_PNP]   = SerLogPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = SerLogPower;

    DriverObject->DriverExtension->AddDevice = SerLogAddDevice;
    DriverObject->DriverUnload = SerLogUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
SerLogAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT filterDevice;
    PSERLOG_EXTENSION ext;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(SERLOG_EXTENSION), NULL,
                            FILE_DEVICE_SERIAL_PORT, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &filterDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PSERLOG_EXTENSION)filterDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filterDevice;
    IoInitializeRemoveLock(&ext->RemoveLock, SERLOG_TAG, 1, 100);

    ext->NextLower = IoAttachDeviceToDeviceStack(filterDevice, PhysicalDeviceObject);
    if (ext->NextLower == NULL) {
        IoDeleteDevice(filterDevice);
        return STATUS_DEVICE_REMOVED;
    }

    /* Mirror the I/O method and power flags of the device below us. */
    filterDevice->Flags |= ext->NextLower->Flags &
        (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    filterDevice->DeviceType = ext->NextLower->DeviceType;
    filterDevice->Characteristics = ext->NextLower->Characteristics;
    filterDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    return STATUS_SUCCESS;
}

VOID
SerLogUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
SerLogPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PSERLOG_EXTENSION ext = (PSERLOG_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    /* Requested sizes are good enough for a rough utilisation figure. */
    if (irpSp->MajorFunction == IRP_MJ_READ) {
        InterlockedAdd64(&ext->BytesRead, irpSp->Parameters.Read.Length);
    } else if (irpSp->MajorFunction == IRP_MJ_WRITE) {
        InterlockedAdd64(&ext->BytesWritten, irpSp->Parameters.Write.Length);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->NextLower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
SerLogPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PSERLOG_EXTENSION ext = (PSERLOG_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (irpSp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->NextLower, Irp);
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        IoDetachDevice(ext->NextLower);
        IoDeleteDevice(DeviceObject);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->NextLower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
SerLogPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PSERLOG_EXTENSION ext = (PSERLOG_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->NextLower, Irp);
}
