/*
 * minictx.c - registration, contexts, create / write / cleanup
 */
#include "minictx.h"

MC_DATA McData;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS FLTAPI McUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI McInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                                       DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI McPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                                      PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI McPreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                                   PVOID *CompletionContext);
static FLT_PREOP_CALLBACK_STATUS FLTAPI McPreCleanup(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                                     PVOID *CompletionContext);
static VOID FLTAPI McContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, McUnload)
#pragma alloc_text(PAGE, McInstanceSetup)
#pragma alloc_text(PAGE, McPreCleanup)
#endif

static const FLT_CONTEXT_REGISTRATION McContexts[] = {
    { FLT_STREAMHANDLE_CONTEXT, 0, McContextCleanup, sizeof(MC_HANDLE_CONTEXT), MC_CTX_TAG },
    { FLT_CONTEXT_END }
};

static const FLT_OPERATION_REGISTRATION McOperations[] = {
    { IRP_MJ_CREATE,  0, NULL,         McPostCreate },
    { IRP_MJ_WRITE,   0, McPreWrite,   NULL },
    { IRP_MJ_CLEANUP, 0, McPreCleanup, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION McRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    McContexts,
    McOperations,
    McUnload,
    McInstanceSetup,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

/* ------------------------------------------------------------------------ */

static VOID FLTAPI McContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType)
{
    PMC_HANDLE_CONTEXT ctx = (PMC_HANDLE_CONTEXT)Context;

    UNREFERENCED_PARAMETER(ContextType);

    if (ctx->NameInfo != NULL) {
        FltReleaseFileNameInformation(ctx->NameInfo);
        ctx->NameInfo = NULL;
    }
}

static NTSTATUS FLTAPI
McInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();

    return (VolumeDeviceType == FILE_DEVICE_DISK_FILE_SYSTEM) ? STATUS_SUCCESS
                                                               : STATUS_FLT_DO_NOT_ATTACH;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
McPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PMC_HANDLE_CONTEXT ctx = NULL;
    ACCESS_MASK access;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    access = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if (!FlagOn(access, FILE_WRITE_DATA | FILE_APPEND_DATA))
        return FLT_POSTOP_FINISHED_PROCESSING;

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status))
        return FLT_POSTOP_FINISHED_PROCESSING;

    status = FltAllocateContext(McData.Filter, FLT_STREAMHANDLE_CONTEXT, sizeof(MC_HANDLE_CONTEXT),
                                NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        FltReleaseFileNameInformation(nameInfo);
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    /* the context owns the name reference from here on */
    ctx->NameInfo = nameInfo;
    ctx->ProcessId = FltGetRequestorProcessId(Data);
    ctx->Writes = 0;

    status = FltSetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                       FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, NULL);
    if (!NT_SUCCESS(status) && status != STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
        MCERROR("FltSetStreamHandleContext 0x%08X\n", status);
    }

    /* drop the allocation reference; on failure this frees ctx (and the name) */
    FltReleaseContext(ctx);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
McPreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PMC_HANDLE_CONTEXT ctx = NULL;

    *CompletionContext = NULL;

    if (FlagOn(Data->Iopb->IrpFlags, IRP_PAGING_IO))
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    if (NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                             (PFLT_CONTEXT *)&ctx))) {
        InterlockedIncrement(&ctx->Writes);
        FltReleaseContext(ctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
McPreCleanup(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PMC_HANDLE_CONTEXT ctx = NULL;

    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = NULL;
    PAGED_CODE();

    if (NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                             (PFLT_CONTEXT *)&ctx))) {
        if (ctx->Writes > 0)
            McReport(ctx);
        FltReleaseContext(ctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

/* ------------------------------------------------------------------------ */

static NTSTATUS FLTAPI McUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    /* port before filter: FltUnregisterFilter waits for the port to go away */
    McClosePort();
    FltUnregisterFilter(McData.Filter);
    McData.Filter = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&McData, sizeof(McData));

    status = FltRegisterFilter(DriverObject, &McRegistration, &McData.Filter);
    if (!NT_SUCCESS(status)) {
        MCERROR("FltRegisterFilter 0x%08X\n", status);
        return status;
    }

    status = McOpenPort();
    if (!NT_SUCCESS(status))
        goto unregister;

    status = FltStartFiltering(McData.Filter);
    if (!NT_SUCCESS(status)) {
        MCERROR("FltStartFiltering 0x%08X\n", status);
        goto close_port;
    }

    MCTRACE("loaded\n");
    return STATUS_SUCCESS;

close_port:
    McClosePort();
unregister:
    FltUnregisterFilter(McData.Filter);
    McData.Filter = NULL;
    return status;
}
