//
// moufilt.c - DriverEntry / AddDevice / read path
//
#include "moufilt.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MfAddDevice)
#pragma alloc_text(PAGE, MfUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    MF_INFO("DriverEntry %wZ\n", RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = MfDispatchPassThrough;
    }

    DriverObject->MajorFunction[IRP_MJ_READ]  = MfDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = MfDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = MfDispatchPower;

    DriverObject->DriverExtension->AddDevice = MfAddDevice;
    DriverObject->DriverUnload               = MfUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
MfAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS        status;
    PDEVICE_OBJECT  fido = NULL;
    PMF_EXTENSION   ext;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject,
                            sizeof(MF_EXTENSION),
                            NULL,
                            FILE_DEVICE_MOUSE,
                            0,
                            FALSE,
                            &fido);
    if (!NT_SUCCESS(status)) {
        MF_ERR("IoCreateDevice failed %08x\n", status);
        return status;
    }

    ext = (PMF_EXTENSION)fido->DeviceExtension;
    RtlZeroMemory(ext, sizeof(MF_EXTENSION));

    ext->Self = fido;
    ext->Pdo  = PhysicalDeviceObject;
    IoInitializeRemoveLock(&ext->RemoveLock, MF_REMLOCK_TAG, 0, 0);

    ext->LowerDevice = IoAttachDeviceToDeviceStack(fido, PhysicalDeviceObject);

    //
    // Look like whatever is under us.
    //
    fido->Flags |= ext->LowerDevice->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    fido->DeviceType      = ext->LowerDevice->DeviceType;
    fido->Characteristics = ext->LowerDevice->Characteristics;

    MF_INFO("AddDevice: fido %p pdo %p lower %p\n", fido, PhysicalDeviceObject, ext->LowerDevice);
    return STATUS_SUCCESS;
}

VOID
MfUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    //
    // PnP already sent us IRP_MN_REMOVE_DEVICE for every fido,
    // nothing is left by the time we get here.
    //
    ASSERT(DriverObject->DeviceObject == NULL);
    UNREFERENCED_PARAMETER(DriverObject);

    MF_INFO("unload\n");
}

NTSTATUS
MfDispatchPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PMF_EXTENSION ext = (PMF_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS      status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status      = status;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

static VOID
MfCount(PMF_EXTENSION Ext, PMOUSE_INPUT_DATA Data, ULONG Count)
{
    ULONG i;

    for (i = 0; i < Count; i++) {
        USHORT flags = Data[i].ButtonFlags;

        if (flags & MOUSE_LEFT_BUTTON_DOWN)   Ext->Stats.LeftDown++;
        if (flags & MOUSE_RIGHT_BUTTON_DOWN)  Ext->Stats.RightDown++;
        if (flags & MOUSE_MIDDLE_BUTTON_DOWN) Ext->Stats.MiddleDown++;
        if (flags & MOUSE_WHEEL) {
            Ext->Stats.WheelTicks += (SHORT)Data[i].ButtonData / MF_WHEEL_DELTA;
        }
    }
    Ext->Stats.Packets += Count;
}

NTSTATUS
MfReadComplete(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP           Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PMF_EXTENSION ext = (PMF_EXTENSION)Context;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    if (NT_SUCCESS(Irp->IoStatus.Status) && Irp->IoStatus.Information != 0) {
        MfCount(ext,
                (PMOUSE_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer,
                (ULONG)(Irp->IoStatus.Information / sizeof(MOUSE_INPUT_DATA)));
    }

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
MfDispatchRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PMF_EXTENSION ext = (PMF_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS      status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status      = status;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, MfReadComplete, ext, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->LowerDevice, Irp);
}
