/*
 * context.c - instance setup / teardown and the instance context
 */
#include "tutfilter.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, TfInstanceSetup)
#pragma alloc_text(PAGE, TfInstanceQueryTeardown)
#endif

const FLT_CONTEXT_REGISTRATION TfContexts[] = {
    { FLT_INSTANCE_CONTEXT,
      0,
      TfInstanceContextCleanup,
      sizeof(TF_INSTANCE_CONTEXT),
      TF_TAG_CTX },

    { FLT_CONTEXT_END }
};

VOID
TfInstanceContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType)
{
    PTF_INSTANCE_CONTEXT ctx = (PTF_INSTANCE_CONTEXT)Context;

    UNREFERENCED_PARAMETER(ContextType);

    PT_DBG_PRINT(TF_TRACE_SETUP,
                 ("tutfilter: instance %p going away, %ld creates on %wZ\n",
                  ctx->Instance, ctx->Creates, &ctx->VolumeName));

    if (ctx->VolumeName.Buffer != NULL) {
        ExFreePoolWithTag(ctx->VolumeName.Buffer, TF_TAG_NAME);
        ctx->VolumeName.Buffer = NULL;
    }
}

static NTSTATUS
TfQueryVolumeName(PFLT_VOLUME Volume, PUNICODE_STRING Name)
{
    NTSTATUS status;
    ULONG needed = 0;

    status = FltGetVolumeName(Volume, NULL, &needed);
    if (status != STATUS_BUFFER_TOO_SMALL) {
        return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
    }
    if (needed > MAXUSHORT) {
        return STATUS_NAME_TOO_LONG;
    }

    Name->Buffer = (PWCH)ExAllocatePoolWithTag(NonPagedPoolNx, needed, TF_TAG_NAME);
    if (Name->Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Name->Length = 0;
    Name->MaximumLength = (USHORT)needed;

    status = FltGetVolumeName(Volume, Name, NULL);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(Name->Buffer, TF_TAG_NAME);
        RtlZeroMemory(Name, sizeof(*Name));
    }
    return status;
}

NTSTATUS
TfInstanceSetup(
    PCFLT_RELATED_OBJECTS FltObjects,
    FLT_INSTANCE_SETUP_FLAGS Flags,
    DEVICE_TYPE VolumeDeviceType,
    FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    PTF_INSTANCE_CONTEXT ctx = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    /* don't bother with the network redirectors */
    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    status = FltAllocateContext(FltObjects->Filter,
                                FLT_INSTANCE_CONTEXT,
                                sizeof(TF_INSTANCE_CONTEXT),
                                NonPagedPoolNx,
                                (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        PT_DBG_PRINT(TF_TRACE_SETUP, ("tutfilter: FltAllocateContext 0x%x\n", status));
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    RtlZeroMemory(ctx, sizeof(TF_INSTANCE_CONTEXT));
    ctx->Instance = FltObjects->Instance;
    ctx->FsType = VolumeFilesystemType;
    ctx->DeviceType = VolumeDeviceType;

    /* name is nice to have only */
    (VOID)TfQueryVolumeName(FltObjects->Volume, &ctx->VolumeName);

    status = FltSetInstanceContext(FltObjects->Instance,
                                   FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                   ctx,
                                   NULL);
    if (!NT_SUCCESS(status)) {
        PT_DBG_PRINT(TF_TRACE_SETUP, ("tutfilter: FltSetInstanceContext 0x%x\n", status));
        FltReleaseContext(ctx);
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    PT_DBG_PRINT(TF_TRACE_SETUP,
                 ("tutfilter: attached to %wZ (fs=%d)\n", &ctx->VolumeName, VolumeFilesystemType));
    return STATUS_SUCCESS;
}

NTSTATUS
TfInstanceQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    return STATUS_SUCCESS;
}
