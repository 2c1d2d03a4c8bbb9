/*
 * filter.c - xorvol filter device
 */
#include "xorvol.h"

IO_COMPLETION_ROUTINE XvReadDone;
IO_COMPLETION_ROUTINE XvWriteDone;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, XvAddDevice)
#endif

static NTSTATUS
XvComplete(_In_ PIRP Irp, _In_ NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
XvAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT PhysicalDeviceObject)
{
    PDEVICE_OBJECT filter;
    PXV_EXTENSION  ext;
    NTSTATUS       status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(XV_EXTENSION), NULL, FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PXV_EXTENSION)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filter;
    IoInitializeRemoveLock(&ext->RemoveLock, XV_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(filter, PhysicalDeviceObject);
    if (ext->Lower == NULL) {
        XV_ERROR("attach to %p failed\n", PhysicalDeviceObject);
        IoDeleteDevice(filter);
        return STATUS_NO_SUCH_DEVICE;
    }

    filter->Flags |= ext->Lower->Flags & (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);
    filter->DeviceType      = ext->Lower->DeviceType;
    filter->Characteristics = ext->Lower->Characteristics;
    filter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
XvPassThrough(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PXV_EXTENSION ext = (PXV_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS      status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_POWER) {
            PoStartNextPowerIrp(Irp);
        }
        return XvComplete(Irp, status);
    }
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
XvReadDone(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp, _In_reads_opt_(_Inexpressible_("varies")) PVOID Context)
{
    PXV_EXTENSION      ext = (PXV_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp  = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR             va;

    UNREFERENCED_PARAMETER(Context);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    if (NT_SUCCESS(Irp->IoStatus.Status) && Irp->IoStatus.Information != 0) {
        va = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
        if (va != NULL) {
            XvTransform(va, (ULONG)Irp->IoStatus.Information, (ULONGLONG)sp->Parameters.Read.ByteOffset.QuadPart);
        } else {
            Irp->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
            Irp->IoStatus.Information = 0;
        }
    }
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
XvRead(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PXV_EXTENSION ext = (PXV_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS      status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return XvComplete(Irp, status);
    }
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, XvReadDone, NULL, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
XvWriteDone(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp, _In_reads_opt_(_Inexpressible_("varies")) PVOID Context)
{
    PXV_EXTENSION ext = (PXV_EXTENSION)DeviceObject->DeviceExtension;
    PXV_WRITE_CTX ctx = (PXV_WRITE_CTX)Context;

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    Irp->MdlAddress = ctx->OriginalMdl;
    IoFreeMdl(ctx->ShadowMdl);
    ExFreePoolWithTag(ctx->Shadow, XV_TAG);
    ExFreeToNPagedLookasideList(&g_Xv.ContextList, ctx);

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
XvWrite(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PXV_EXTENSION      ext = (PXV_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp  = IoGetCurrentIrpStackLocation(Irp);
    ULONG              len = sp->Parameters.Write.Length;
    PXV_WRITE_CTX      ctx = NULL;
    PUCHAR             src;
    NTSTATUS           status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return XvComplete(Irp, status);
    }
    if (len == 0) {
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;
    }

    status = STATUS_INSUFFICIENT_RESOURCES;
    src = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (src == NULL) {
        goto fail;
    }
    ctx = (PXV_WRITE_CTX)ExAllocateFromNPagedLookasideList(&g_Xv.ContextList);
    if (ctx == NULL) {
        goto fail;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->Shadow = ExAllocatePool2(POOL_FLAG_NON_PAGED, len, XV_TAG);
    if (ctx->Shadow == NULL) {
        goto fail;
    }
    ctx->ShadowMdl = IoAllocateMdl(ctx->Shadow, len, FALSE, FALSE, NULL);
    if (ctx->ShadowMdl == NULL) {
        goto fail;
    }
    MmBuildMdlForNonPagedPool(ctx->ShadowMdl);

    RtlCopyMemory(ctx->Shadow, src, len);
    XvTransform((PUCHAR)ctx->Shadow, len, (ULONGLONG)sp->Parameters.Write.ByteOffset.QuadPart);
    ctx->OriginalMdl = Irp->MdlAddress;
    Irp->MdlAddress  = ctx->ShadowMdl;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, XvWriteDone, ctx, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->Lower, Irp);

fail:
    if (ctx != NULL) {
        if (ctx->Shadow != NULL) {
            ExFreePoolWithTag(ctx->Shadow, XV_TAG);
        }
        ExFreeToNPagedLookasideList(&g_Xv.ContextList, ctx);
    }
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return XvComplete(Irp, status);
}

NTSTATUS
XvPnp(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PXV_EXTENSION      ext = (PXV_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp  = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS           status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return XvComplete(Irp, status);
    }

    if (sp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        /* wait for in-flight I/O, pass the remove down, then leave the stack */
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
