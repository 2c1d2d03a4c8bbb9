/*
 * opslog.c - registration, contexts and I/O callbacks
 */
#include "opslog.h"

OL_DATA OlData;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS FLTAPI OlUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI OlInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                       _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static VOID FLTAPI OlHandleContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI OlPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                      _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI OlPreWriteOrSetInfo(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                            _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
static FLT_PREOP_CALLBACK_STATUS FLTAPI OlPreCleanup(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                     _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, OlUnload)
#pragma alloc_text(PAGE, OlInstanceSetup)
#endif

static const FLT_CONTEXT_REGISTRATION OlContexts[] = {
    { FLT_STREAMHANDLE_CONTEXT, 0, OlHandleContextCleanup, sizeof(OL_HANDLE_CONTEXT), OL_CTX_TAG },
    { FLT_CONTEXT_END }
};

static const FLT_OPERATION_REGISTRATION OlOps[] = {
    { IRP_MJ_CREATE,          0,                                            NULL,                OlPostCreate },
    { IRP_MJ_WRITE,           FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, OlPreWriteOrSetInfo, NULL },
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, OlPreWriteOrSetInfo, NULL },
    { IRP_MJ_CLEANUP,         0,                                            OlPreCleanup,        NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION OlRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    OlContexts,
    OlOps,
    OlUnload,
    OlInstanceSetup,
    NULL, NULL, NULL,
    NULL, NULL, NULL
};

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&OlData, sizeof(OlData));

    /* everything the callbacks touch exists before fltmgr knows about us */
    ExInitializeNPagedLookasideList(&OlData.RecordLookaside, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(OL_RECORD), OL_POOL_TAG, 0);
    OlData.LookasideReady = TRUE;

    status = FltRegisterFilter(DriverObject, &OlRegistration, &OlData.Filter);
    if (!NT_SUCCESS(status)) {
        OL_LOG("FltRegisterFilter 0x%08X\n", status);
        goto cleanup_lookaside;
    }

    status = OlPortOpen();
    if (!NT_SUCCESS(status)) {
        OL_LOG("OlPortOpen 0x%08X\n", status);
        goto cleanup_filter;
    }

    status = FltStartFiltering(OlData.Filter);
    if (!NT_SUCCESS(status)) {
        OL_LOG("FltStartFiltering 0x%08X\n", status);
        goto cleanup_port;
    }

    return STATUS_SUCCESS;

cleanup_port:
    OlPortClose();
cleanup_filter:
    FltUnregisterFilter(OlData.Filter);
    OlData.Filter = NULL;
cleanup_lookaside:
    ExDeleteNPagedLookasideList(&OlData.RecordLookaside);
    OlData.LookasideReady = FALSE;
    return status;
}

static NTSTATUS FLTAPI
OlUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    /* port first, otherwise FltUnregisterFilter can hang on it */
    OlPortClose();

    FltUnregisterFilter(OlData.Filter);
    OlData.Filter = NULL;

    if (OlData.LookasideReady) {
        ExDeleteNPagedLookasideList(&OlData.RecordLookaside);
        OlData.LookasideReady = FALSE;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
OlInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();

    return (VolumeDeviceType == FILE_DEVICE_DISK_FILE_SYSTEM) ? STATUS_SUCCESS : STATUS_FLT_DO_NOT_ATTACH;
}

static VOID FLTAPI
OlHandleContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType)
{
    POL_HANDLE_CONTEXT ctx = (POL_HANDLE_CONTEXT)Context;

    UNREFERENCED_PARAMETER(ContextType);

    if (ctx->Name != NULL) {
        FltReleaseFileNameInformation(ctx->Name);
        ctx->Name = NULL;
    }
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
OlPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
             _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    NTSTATUS status;
    POL_HANDLE_CONTEXT ctx = NULL;
    ACCESS_MASK access;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    access = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if (!FlagOn(access, FILE_WRITE_DATA | FILE_APPEND_DATA | DELETE)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltAllocateContext(FltObjects->Filter, FLT_STREAMHANDLE_CONTEXT, sizeof(OL_HANDLE_CONTEXT),
                                NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->ProcessId = PsGetCurrentProcessId();
    KeQuerySystemTime(&ctx->OpenTime);

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &ctx->Name);
    if (!NT_SUCCESS(status)) {
        ctx->Name = NULL;
    }

    status = FltSetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                       FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, NULL);
    if (!NT_SUCCESS(status)) {
        OL_LOG("FltSetStreamHandleContext 0x%08X\n", status);
    }

    /* drop the allocation reference; on success the handle now owns one */
    FltReleaseContext(ctx);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
OlPreWriteOrSetInfo(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    POL_HANDLE_CONTEXT ctx = NULL;
    LONG flag = OL_REC_WRITTEN;

    *CompletionContext = NULL;

    if (Data->Iopb->MajorFunction == IRP_MJ_SET_INFORMATION) {
        if (Data->Iopb->Parameters.SetFileInformation.FileInformationClass != FileEndOfFileInformation) {
            return FLT_PREOP_SUCCESS_NO_CALLBACK;
        }
        flag = OL_REC_TRUNCATED;
    }

    if (NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject, (PFLT_CONTEXT *)&ctx))) {
        InterlockedOr(&ctx->Flags, flag);
        FltReleaseContext(ctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
OlPreCleanup(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
             _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    POL_HANDLE_CONTEXT ctx = NULL;

    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = NULL;

    if (NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject, (PFLT_CONTEXT *)&ctx))) {
        if (ctx->Flags != 0) {
            OlSendRecord(ctx);
        }
        FltReleaseContext(ctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
