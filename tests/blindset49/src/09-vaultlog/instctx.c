/*
 * instctx.c - VaultLog instance setup and instance context lifetime
 */
#include "vaultlog.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VlInstanceSetup)
#endif

NTSTATUS
VlInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    NTSTATUS status;
    PVL_INSTANCE_CONTEXT ctx = NULL;
    ULONG needed = 0;

    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM ||
        VolumeFilesystemType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    status = FltAllocateContext(FltObjects->Filter, FLT_INSTANCE_CONTEXT,
                                sizeof(VL_INSTANCE_CONTEXT), NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    /* cleanup callback relies on this being zeroed before any exit */
    RtlZeroMemory(ctx, sizeof(*ctx));

    status = FltGetVolumeName(FltObjects->Volume, NULL, &needed);
    if (status != STATUS_BUFFER_TOO_SMALL || needed == 0 || needed > MAXUSHORT) {
        status = NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
        goto out;
    }

    ctx->VolumeName.Buffer = ExAllocatePool2(POOL_FLAG_NON_PAGED, needed, VL_CTX_TAG);
    if (ctx->VolumeName.Buffer == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }
    ctx->VolumeName.Length = 0;
    ctx->VolumeName.MaximumLength = (USHORT)needed;

    status = FltGetVolumeName(FltObjects->Volume, &ctx->VolumeName, NULL);
    if (!NT_SUCCESS(status)) {
        goto out;
    }

    status = FltSetInstanceContext(FltObjects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, NULL);
    if (NT_SUCCESS(status)) {
        VL_DBG("attached to %wZ", &ctx->VolumeName);
    }

out:
    /* drops our allocation reference; on failure this frees the context */
    FltReleaseContext(ctx);
    return NT_SUCCESS(status) ? STATUS_SUCCESS : STATUS_FLT_DO_NOT_ATTACH;
}

VOID
VlInstanceContextCleanup(
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    )
{
    PVL_INSTANCE_CONTEXT ctx = (PVL_INSTANCE_CONTEXT)Context;

    UNREFERENCED_PARAMETER(ContextType);

    if (ctx->VolumeName.Buffer != NULL) {
        ExFreePoolWithTag(ctx->VolumeName.Buffer, VL_CTX_TAG);
        ctx->VolumeName.Buffer = NULL;
    }
}
