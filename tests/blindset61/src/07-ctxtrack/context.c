/*
 * context.c - instance and stream handle contexts
 */
#include "ctxtrack.h"

static VOID FLTAPI CtInstanceCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType);
static VOID FLTAPI CtStreamHandleCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType);

const FLT_CONTEXT_REGISTRATION CtContextRegistration[] = {
    { FLT_INSTANCE_CONTEXT,     0, CtInstanceCleanup,     sizeof(CT_INSTANCE_CONTEXT),     CT_INSTANCE_TAG },
    { FLT_STREAMHANDLE_CONTEXT, 0, CtStreamHandleCleanup, sizeof(CT_STREAMHANDLE_CONTEXT), CT_HANDLE_TAG }
};

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, CtInstanceSetup)
#endif

NTSTATUS FLTAPI
CtInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    NTSTATUS status;
    PCT_INSTANCE_CONTEXT ctx = NULL;
    ULONG needed = 0;

    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM || VolumeFilesystemType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    status = FltAllocateContext(FltObjects->Filter, FLT_INSTANCE_CONTEXT, sizeof(CT_INSTANCE_CONTEXT),
                                NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
    RtlZeroMemory(ctx, sizeof(CT_INSTANCE_CONTEXT));

    ctx->VolumeName.Buffer = (PWCH)ExAllocatePoolWithTag(NonPagedPoolNx, CT_VOLNAME_MAX, CT_NAME_TAG);
    if (ctx->VolumeName.Buffer != NULL) {
        ctx->VolumeName.MaximumLength = CT_VOLNAME_MAX;
        status = FltGetVolumeName(FltObjects->Volume, &ctx->VolumeName, &needed);
        if (!NT_SUCCESS(status)) {
            /* not fatal, we just print "?" */
            ctx->VolumeName.Length = 0;
        }
    }

    status = FltSetInstanceContext(FltObjects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, NULL);
    FltReleaseContext(ctx);

    if (!NT_SUCCESS(status)) {
        CT_ERROR("FltSetInstanceContext 0x%08X", status);
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    CT_TRACE("attached to %wZ", &ctx->VolumeName);
    return STATUS_SUCCESS;
}

static VOID FLTAPI
CtInstanceCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType)
{
    PCT_INSTANCE_CONTEXT ctx = (PCT_INSTANCE_CONTEXT)Context;

    UNREFERENCED_PARAMETER(ContextType);

    CT_TRACE("%wZ: read %I64d written %I64d", &ctx->VolumeName, ctx->TotalRead, ctx->TotalWritten);
    if (ctx->VolumeName.Buffer != NULL) {
        ExFreePoolWithTag(ctx->VolumeName.Buffer, CT_NAME_TAG);
        ctx->VolumeName.Buffer = NULL;
    }
}

static VOID FLTAPI
CtStreamHandleCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType)
{
    PCT_STREAMHANDLE_CONTEXT ctx = (PCT_STREAMHANDLE_CONTEXT)Context;

    UNREFERENCED_PARAMETER(ContextType);

    if (ctx->NameInfo != NULL) {
        CT_TRACE("pid %p %wZ: r=%I64d w=%I64d", ctx->ProcessId, &ctx->NameInfo->Name,
                 ctx->BytesRead, ctx->BytesWritten);
        FltReleaseFileNameInformation(ctx->NameInfo);
        ctx->NameInfo = NULL;
    }
}

NTSTATUS
CtCreateStreamHandleContext(_In_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects)
{
    NTSTATUS status;
    PCT_STREAMHANDLE_CONTEXT ctx = NULL;
    PCT_INSTANCE_CONTEXT ictx = NULL;

    status = FltAllocateContext(FltObjects->Filter, FLT_STREAMHANDLE_CONTEXT, sizeof(CT_STREAMHANDLE_CONTEXT),
                                NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->ProcessId = PsGetCurrentProcessId();
    KeQuerySystemTime(&ctx->OpenTime);

    /* name is best effort, the cleanup callback copes with NULL */
    (void)FltGetFileNameInformation(Data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT, &ctx->NameInfo);

    status = FltSetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                       FLT_SET_CONTEXT_REPLACE_IF_EXISTS, ctx, NULL);
    FltReleaseContext(ctx);

    if (NT_SUCCESS(status) &&
        NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, (PFLT_CONTEXT *)&ictx))) {
        InterlockedIncrement(&ictx->OpenHandles);
        FltReleaseContext(ictx);
    }
    return status;
}

VOID
CtAccount(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ BOOLEAN Write, _In_ ULONG_PTR Bytes)
{
    PCT_STREAMHANDLE_CONTEXT ctx = NULL;
    PCT_INSTANCE_CONTEXT ictx = NULL;

    if (NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject, (PFLT_CONTEXT *)&ctx))) {
        if (Write) {
            InterlockedAdd64(&ctx->BytesWritten, (LONG64)Bytes);
        } else {
            InterlockedAdd64(&ctx->BytesRead, (LONG64)Bytes);
        }
        FltReleaseContext(ctx);
    }

    if (NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, (PFLT_CONTEXT *)&ictx))) {
        if (Write) {
            InterlockedAdd64(&ictx->TotalWritten, (LONG64)Bytes);
        } else {
            InterlockedAdd64(&ictx->TotalRead, (LONG64)Bytes);
        }
        FltReleaseContext(ictx);
    }
}
