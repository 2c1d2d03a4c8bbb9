/*
 * dispatch.c - PagedDemo dispatch routines, all pageable
 */
#include "paged.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PdCreateClose)
#pragma alloc_text(PAGE, PdIoctl)
#pragma alloc_text(PAGE, PdShutdown)
#endif

static NTSTATUS PdComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS PdCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PPD_DEVICE_EXTENSION ext = (PPD_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    PAGED_CODE();

    if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_CREATE) {
        InterlockedIncrement(&ext->Opens);
    }
    return PdComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS PdIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PPD_DEVICE_EXTENSION ext = (PPD_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PPD_STAMP stamp;

    PAGED_CODE();

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_PD_STAMP) {
        return PdComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
    if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PD_STAMP)) {
        return PdComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    /* build it in a lookaside entry, hand a copy out */
    stamp = (PPD_STAMP)ExAllocateFromLookasideListEx(&g_Pd.Stamps);
    if (stamp == NULL) {
        return PdComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    }

    stamp->DeviceIndex = ext->Index;
    stamp->Sequence = (ULONG)InterlockedIncrement(&g_Pd.Sequence);
    KeQuerySystemTime(&stamp->Time);

    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, stamp, sizeof(PD_STAMP));
    ExFreeToLookasideListEx(&g_Pd.Stamps, stamp);

    return PdComplete(Irp, STATUS_SUCCESS, sizeof(PD_STAMP));
}

NTSTATUS PdShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    KdPrint(("PagedDemo: shutdown after %ld stamps\n", g_Pd.Sequence));
    return PdComplete(Irp, STATUS_SUCCESS, 0);
}
