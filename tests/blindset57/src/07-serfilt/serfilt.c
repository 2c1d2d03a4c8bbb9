/*
 * serfilt.c - DriverEntry, AddDevice and the data path
 */
#include "serfilt.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SfAddDevice)
#pragma alloc_text(PAGE, SfUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    SfDbg(("DriverEntry, built %s\n", __DATE__));

    /* default: pass everything down untouched */
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = SfDispatchPassThrough;
    }

    DriverObject->MajorFunction[IRP_MJ_READ]  = SfDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = SfDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = SfDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = SfDispatchPower;

    DriverObject->DriverExtension->AddDevice = SfAddDevice;
    DriverObject->DriverUnload               = SfUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
SfAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PDEVICE_OBJECT fdo = NULL;
    PSF_EXTENSION ext;
    NTSTATUS status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(SF_EXTENSION), NULL,
                            FILE_DEVICE_SERIAL_PORT, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        SfDbg(("IoCreateDevice failed 0x%08X\n", status));
        return status;
    }

    ext = (PSF_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(SF_EXTENSION));
    ext->Signature = SF_SIGNATURE;
    ext->Self      = fdo;
    ext->Pdo       = PhysicalDeviceObject;
    IoInitializeRemoveLock(&ext->RemoveLock, SF_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (ext->Lower == NULL) {
        SfDbg(("IoAttachDeviceToDeviceStack failed\n"));
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    /* look like the device below us */
    fdo->DeviceType      = ext->Lower->DeviceType;
    fdo->Characteristics = ext->Lower->Characteristics;
    fdo->Flags          |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);

    SfDbg(("attached %p over %p (lower %p)\n", fdo, PhysicalDeviceObject, ext->Lower));
    return STATUS_SUCCESS;
}

VOID
SfUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    /* every device was removed through IRP_MN_REMOVE_DEVICE by now */
    ASSERT(DriverObject->DeviceObject == NULL);
    UNREFERENCED_PARAMETER(DriverObject);

    SfDbg(("unload\n"));
}

NTSTATUS
SfCompleteRequest(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
SfDispatchPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PSF_EXTENSION ext = (PSF_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return SfCompleteRequest(Irp, status);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
SfDispatchReadWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PSF_EXTENSION ext = (PSF_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return SfCompleteRequest(Irp, status);
    }

    /* the lock is dropped in the completion routine */
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, SfReadWriteComplete, ext, TRUE, TRUE, TRUE);

    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
SfReadWriteComplete(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PSF_EXTENSION ext = (PSF_EXTENSION)Context;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        if (irpSp->MajorFunction == IRP_MJ_READ) {
            InterlockedIncrement(&ext->Reads);
            InterlockedAdd64(&ext->BytesRead, (LONG64)Irp->IoStatus.Information);
        } else {
            InterlockedIncrement(&ext->Writes);
            InterlockedAdd64(&ext->BytesWritten, (LONG64)Irp->IoStatus.Information);
        }
    }

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}
