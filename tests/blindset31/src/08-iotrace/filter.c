//
// filter.c - AddDevice and the dispatch routines
//
#include "iotrace.h"

static const char* const g_MajorNames[IRP_MJ_MAXIMUM_FUNCTION + 1] = {
    "CREATE", "CREATE_NAMED_PIPE", "CLOSE", "READ", "WRITE",
    "QUERY_INFORMATION", "SET_INFORMATION", "QUERY_EA", "SET_EA",
    "FLUSH_BUFFERS", "QUERY_VOLUME_INFORMATION", "SET_VOLUME_INFORMATION",
    "DIRECTORY_CONTROL", "FILE_SYSTEM_CONTROL", "DEVICE_CONTROL",
    "INTERNAL_DEVICE_CONTROL", "SHUTDOWN", "LOCK_CONTROL", "CLEANUP",
    "CREATE_MAILSLOT", "QUERY_SECURITY", "SET_SECURITY", "POWER",
    "SYSTEM_CONTROL", "DEVICE_CHANGE", "QUERY_QUOTA", "SET_QUOTA", "PNP"
};

NTSTATUS
IotAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT filterDo = NULL;
    PIOT_EXTENSION ext;

    status = IoCreateDevice(DriverObject,
                            sizeof(IOT_EXTENSION),
                            NULL,
                            PhysicalDeviceObject->DeviceType,
                            PhysicalDeviceObject->Characteristics & FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &filterDo);
    if (!NT_SUCCESS(status)) {
        IOT_TRACE("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    ext = (PIOT_EXTENSION)filterDo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filterDo;
    ext->Pdo = PhysicalDeviceObject;
    IoInitializeRemoveLock(&ext->RemoveLock, IOT_TAG, 0, 0);
    KeQuerySystemTime(&ext->AttachTime);

    ext->Lower = IoAttachDeviceToDeviceStack(filterDo, PhysicalDeviceObject);

    // a filter must look exactly like the device below it
    filterDo->DeviceType = ext->Lower->DeviceType;
    filterDo->Characteristics = ext->Lower->Characteristics;
    filterDo->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    filterDo->Flags &= ~DO_DEVICE_INITIALIZING;

    IOT_TRACE("attached %p above %p", filterDo, ext->Lower);
    return STATUS_SUCCESS;
}

NTSTATUS
IotPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIOT_EXTENSION ext = (PIOT_EXTENSION)DeviceObject->DeviceExtension;
    UCHAR major = IoGetCurrentIrpStackLocation(Irp)->MajorFunction;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (major <= IRP_MJ_MAXIMUM_FUNCTION) {
        InterlockedIncrement(&ext->Counts[major]);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
IotDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIOT_EXTENSION ext = (PIOT_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    PoStartNextPowerIrp(Irp);
    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    InterlockedIncrement(&ext->Counts[IRP_MJ_POWER]);
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
IotDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIOT_EXTENSION ext = (PIOT_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    InterlockedIncrement(&ext->Counts[IRP_MJ_PNP]);

    if (sp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IotDumpCounters(ext);

        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);

        IoDeleteDevice(DeviceObject);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

VOID
IotDumpCounters(
    _In_ PIOT_EXTENSION Ext
    )
{
    ULONG i;

    IOT_TRACE("counters for %p (pdo %p):", Ext->Self, Ext->Pdo);
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        if (Ext->Counts[i] != 0) {
            IOT_TRACE("  %-26s %ld", g_MajorNames[i], Ext->Counts[i]);
        }
    }
}
