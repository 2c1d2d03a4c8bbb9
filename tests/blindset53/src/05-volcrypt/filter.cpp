//
// filter.cpp - the filter device: AddDevice, PnP, read/write paths
//
#include "volcrypt.h"

namespace volcrypt {

NPAGED_LOOKASIDE_LIST Filter::s_ContextPool;
NPAGED_LOOKASIDE_LIST Filter::s_ShadowPool;

NTSTATUS
Filter::Init(_In_ PDRIVER_OBJECT DriverObject)
{
    ExInitializeNPagedLookasideList(&s_ContextPool, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(WriteContext), VC_CTX_TAG, 0);
    ExInitializeNPagedLookasideList(&s_ShadowPool, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    VC_CHUNK, VC_TAG, 0);

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = DispatchPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = DispatchRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = DispatchWrite;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = DispatchPnp;
    DriverObject->DriverExtension->AddDevice  = AddDevice;

    return STATUS_SUCCESS;
}

void
Filter::Teardown()
{
    ExDeleteNPagedLookasideList(&s_ContextPool);
    LOG("lookaside lists released");
}

NTSTATUS
Filter::AddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT filter = nullptr;

    NTSTATUS status = IoCreateDevice(DriverObject, sizeof(DeviceExtension), nullptr,
                                     FILE_DEVICE_DISK, FILE_DEVICE_SECURE_OPEN, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        LOGERR("IoCreateDevice 0x%08X", status);
        return status;
    }

    auto ext = Ext(filter);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filter;
    ext->Pdo  = Pdo;
    ext->Enabled = Cipher::Ready() ? 1 : 0;
    IoInitializeRemoveLock(&ext->RemoveLock, VC_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(filter, Pdo);
    if (ext->Lower == nullptr) {
        IoDeleteDevice(filter);
        return STATUS_NO_SUCH_DEVICE;
    }

    filter->Flags |= ext->Lower->Flags & (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);
    filter->DeviceType      = ext->Lower->DeviceType;
    filter->Characteristics = ext->Lower->Characteristics;
    filter->Flags &= ~DO_DEVICE_INITIALIZING;

    LOG("filtering %p (lower %p)", Pdo, ext->Lower);
    return STATUS_SUCCESS;
}

NTSTATUS
Filter::Fail(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
Filter::DispatchPassThrough(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    NTSTATUS status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_POWER) {
            PoStartNextPowerIrp(Irp);
        }
        return Fail(Irp, status);
    }
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
Filter::ReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    auto ext = Ext(DeviceObject);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    if (NT_SUCCESS(Irp->IoStatus.Status) && Irp->IoStatus.Information != 0) {
        auto sp  = IoGetCurrentIrpStackLocation(Irp);
        auto buf = static_cast<PUCHAR>(MmGetSystemAddressForMdlSafe(Irp->MdlAddress,
                                        NormalPagePriority | MdlMappingNoExecute));
        if (buf != nullptr) {
            Cipher::Transform(buf, static_cast<ULONG>(Irp->IoStatus.Information),
                              sp->Parameters.Read.ByteOffset.QuadPart);
        } else {
            Irp->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
            Irp->IoStatus.Information = 0;
        }
    }
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
Filter::DispatchRead(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    if (!ext->Enabled) {
        return DispatchPassThrough(DeviceObject, Irp);
    }
    NTSTATUS status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return Fail(Irp, status);
    }
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, ReadComplete, nullptr, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
Filter::WriteComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    auto ext = Ext(DeviceObject);
    auto ctx = static_cast<WriteContext*>(Context);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    Irp->MdlAddress = ctx->OriginalMdl;
    IoFreeMdl(ctx->ShadowMdl);
    if (ctx->FromLookaside) {
        ExFreeToNPagedLookasideList(&s_ShadowPool, ctx->Shadow);
    } else {
        ExFreePoolWithTag(ctx->Shadow, VC_TAG);
    }
    ExFreeToNPagedLookasideList(&s_ContextPool, ctx);

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
Filter::DispatchWrite(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    if (!ext->Enabled) {
        return DispatchPassThrough(DeviceObject, Irp);
    }
    NTSTATUS status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return Fail(Irp, status);
    }

    auto sp  = IoGetCurrentIrpStackLocation(Irp);
    ULONG len = sp->Parameters.Write.Length;
    auto src = static_cast<PUCHAR>(MmGetSystemAddressForMdlSafe(Irp->MdlAddress,
                                    NormalPagePriority | MdlMappingNoExecute));
    auto ctx = static_cast<WriteContext*>(ExAllocateFromNPagedLookasideList(&s_ContextPool));
    if (src == nullptr || ctx == nullptr || len == 0) {
        if (ctx) ExFreeToNPagedLookasideList(&s_ContextPool, ctx);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return Fail(Irp, len == 0 ? STATUS_INVALID_PARAMETER : STATUS_INSUFFICIENT_RESOURCES);
    }

    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->Device = DeviceObject;
    ctx->FromLookaside = (len <= VC_CHUNK);
    ctx->Shadow = ctx->FromLookaside ? ExAllocateFromNPagedLookasideList(&s_ShadowPool)
                                     : ExAllocatePool2(POOL_FLAG_NON_PAGED, len, VC_TAG);
    if (ctx->Shadow != nullptr) {
        ctx->ShadowMdl = IoAllocateMdl(ctx->Shadow, len, FALSE, FALSE, nullptr);
    }
    if (ctx->ShadowMdl == nullptr) {
        if (ctx->Shadow != nullptr) {
            if (ctx->FromLookaside) ExFreeToNPagedLookasideList(&s_ShadowPool, ctx->Shadow);
            else ExFreePoolWithTag(ctx->Shadow, VC_TAG);
        }
        ExFreeToNPagedLookasideList(&s_ContextPool, ctx);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return Fail(Irp, STATUS_INSUFFICIENT_RESOURCES);
    }
    MmBuildMdlForNonPagedPool(ctx->ShadowMdl);

    RtlCopyMemory(ctx->Shadow, src, len);
    Cipher::Transform(static_cast<PUCHAR>(ctx->Shadow), len, sp->Parameters.Write.ByteOffset.QuadPart);

    ctx->OriginalMdl = Irp->MdlAddress;
    Irp->MdlAddress  = ctx->ShadowMdl;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, WriteComplete, ctx, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
Filter::DispatchPnp(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    auto sp  = IoGetCurrentIrpStackLocation(Irp);

    NTSTATUS status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return Fail(Irp, status);
    }

    if (sp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);
        LOG("volume %p going away", ext->Pdo);
        IoDeleteDevice(DeviceObject);
        IoDetachDevice(ext->Lower);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

} // namespace volcrypt
