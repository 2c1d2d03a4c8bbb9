/*
 * driver.c - VaultLog entry point, unload and operation callbacks
 */
#include "vaultlog.h"

VL_GLOBALS g_Vl;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS VlUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

static FLT_POSTOP_CALLBACK_STATUS
VlPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
             _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

static FLT_PREOP_CALLBACK_STATUS
VlPreSetInformation(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VlUnload)
#endif

static const FLT_CONTEXT_REGISTRATION g_VlContexts[] = {
    { FLT_INSTANCE_CONTEXT, 0, VlInstanceContextCleanup, sizeof(VL_INSTANCE_CONTEXT), VL_CTX_TAG },
    { FLT_CONTEXT_END }
};

static const FLT_OPERATION_REGISTRATION g_VlOps[] = {
    { IRP_MJ_CREATE,          0, NULL,                VlPostCreate },
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, VlPreSetInformation, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_VlRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    g_VlContexts,
    g_VlOps,
    VlUnload,
    VlInstanceSetup,
    NULL, NULL, NULL,
    NULL, NULL, NULL
};

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Vl, sizeof(g_Vl));

    /* everything the callbacks touch exists before the filter is registered */
    ExInitializeNPagedLookasideList(&g_Vl.RecordPool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(VL_RECORD), VL_REC_TAG, 0);
    KeInitializeSpinLock(&g_Vl.QueueLock);
    InitializeListHead(&g_Vl.Queue);

    status = FltRegisterFilter(DriverObject, &g_VlRegistration, &g_Vl.Filter);
    if (!NT_SUCCESS(status)) {
        VL_DBG("FltRegisterFilter failed 0x%08X", status);
        goto cleanup_pool;
    }

    status = VlPortCreate();
    if (!NT_SUCCESS(status)) {
        VL_DBG("VlPortCreate failed 0x%08X", status);
        goto cleanup_filter;
    }

    status = FltStartFiltering(g_Vl.Filter);
    if (!NT_SUCCESS(status)) {
        VL_DBG("FltStartFiltering failed 0x%08X", status);
        goto cleanup_port;
    }
    return STATUS_SUCCESS;

cleanup_port:
    VlPortClose();
cleanup_filter:
    FltUnregisterFilter(g_Vl.Filter);
    g_Vl.Filter = NULL;
cleanup_pool:
    VlQueueFlush();
    ExDeleteNPagedLookasideList(&g_Vl.RecordPool);
    return status;
}

static NTSTATUS
VlUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    /* port first, then the filter, then what the callbacks were using */
    VlPortClose();

    FltUnregisterFilter(g_Vl.Filter);
    g_Vl.Filter = NULL;

    VlQueueFlush();
    ExDeleteNPagedLookasideList(&g_Vl.RecordPool);

    return STATUS_SUCCESS;
}

static FLT_POSTOP_CALLBACK_STATUS
VlPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (Data->IoStatus.Information == FILE_CREATED) VlQueueRecord(Data, FltObjects, VlOpCreate);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static FLT_PREOP_CALLBACK_STATUS
VlPreSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    *CompletionContext = NULL;

    switch (Data->Iopb->Parameters.SetFileInformation.FileInformationClass) {
    case FileRenameInformation:
    case FileRenameInformationEx:
        VlQueueRecord(Data, FltObjects, VlOpRename);
        break;
    case FileDispositionInformation:
    case FileDispositionInformationEx:
        VlQueueRecord(Data, FltObjects, VlOpDelete);
        break;
    default:
        break;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
