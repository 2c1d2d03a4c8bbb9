#include "cbdqpend.h"

const FLT_CONTEXT_REGISTRATION CqContexts[] = {
    { FLT_INSTANCE_CONTEXT, 0, NULL, sizeof(CQ_INSTANCE_CONTEXT), CQ_INSTCTX_TAG },
    { FLT_CONTEXT_END }
};

NTSTATUS FLTAPI
CqInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                FLT_INSTANCE_SETUP_FLAGS Flags,
                DEVICE_TYPE VolumeDeviceType,
                FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    PCQ_INSTANCE_CONTEXT ctx = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    status = FltAllocateContext(FltObjects->Filter, FLT_INSTANCE_CONTEXT,
                                sizeof(CQ_INSTANCE_CONTEXT), NonPagedPoolNx,
                                (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        KDPRINT((CQ_PREFIX "alloc inst ctx 0x%08X\n", status));
        return status;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->Instance = FltObjects->Instance;

    status = CqInitQueue(ctx);
    if (NT_SUCCESS(status)) {
        status = FltSetInstanceContext(FltObjects->Instance,
                                       FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                       ctx, NULL);
    }

    /* set took its own reference (or failed); drop ours either way */
    FltReleaseContext(ctx);

    if (!NT_SUCCESS(status)) {
        KDPRINT((CQ_PREFIX "instance setup failed 0x%08X\n", status));
    }
    return status;
}

VOID FLTAPI
CqInstanceTeardownStart(PCFLT_RELATED_OBJECTS FltObjects,
                        FLT_INSTANCE_TEARDOWN_FLAGS Flags)
{
    PCQ_INSTANCE_CONTEXT ctx = NULL;

    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (!NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance,
                                          (PFLT_CONTEXT *)&ctx))) {
        return;
    }

    /* no new I/O gets queued after this point */
    FltCbdqDisable(&ctx->Cbdq);

    KDPRINT((CQ_PREFIX "teardown start, %d still pended\n", ctx->Pended));
    FltReleaseContext(ctx);
}

VOID FLTAPI
CqInstanceTeardownComplete(PCFLT_RELATED_OBJECTS FltObjects,
                           FLT_INSTANCE_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    KDPRINT((CQ_PREFIX "teardown complete\n"));
}
