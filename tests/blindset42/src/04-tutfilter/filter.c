/*
 * filter.c - registration, DriverEntry, unload and the create callbacks
 */
#include "tutfilter.h"

TF_GLOBALS gTf;
ULONG gTraceFlags = TF_TRACE_SETUP | TF_TRACE_CREATE;

DRIVER_INITIALIZE DriverEntry;

NTSTATUS TfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

FLT_PREOP_CALLBACK_STATUS
TfPreCreate(_Inout_ PFLT_CALLBACK_DATA Data,
            _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

FLT_POSTOP_CALLBACK_STATUS
TfPostCreate(_Inout_ PFLT_CALLBACK_DATA Data,
             _In_ PCFLT_RELATED_OBJECTS FltObjects,
             _In_opt_ PVOID CompletionContext,
             _In_ FLT_POST_OPERATION_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, TfUnload)
#endif

CONST FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, TfPreCreate, TfPostCreate },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),           /* Size */
    FLT_REGISTRATION_VERSION,           /* Version */
    0,                                  /* Flags */
    TfContexts,                         /* Context */
    Callbacks,                          /* Operation callbacks */
    TfUnload,                           /* MiniFilterUnload */
    TfInstanceSetup,                    /* InstanceSetup */
    TfInstanceQueryTeardown,            /* InstanceQueryTeardown */
    NULL,                               /* InstanceTeardownStart */
    NULL,                               /* InstanceTeardownComplete */
    NULL,                               /* GenerateFileName */
    NULL,                               /* NormalizeNameComponent */
    NULL                                /* NormalizeContextCleanup */
};

FLT_PREOP_CALLBACK_STATUS
TfPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);

    *CompletionContext = NULL;

    /* skip paging file opens and volume opens */
    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE) ||
        FlagOn(Data->Iopb->TargetFileObject->Flags, FO_VOLUME_OPEN)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS
TfPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PTF_INSTANCE_CONTEXT ictx = NULL;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PTF_CREATE_RECORD rec;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    InterlockedIncrement(&gTf.TotalCreates);

    status = FltGetInstanceContext(FltObjects->Instance, (PFLT_CONTEXT *)&ictx);
    if (NT_SUCCESS(status)) {
        InterlockedIncrement(&ictx->Creates);
        FltReleaseContext(ictx);
    }

    if (!FlagOn(gTraceFlags, TF_TRACE_CREATE)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    rec = (PTF_CREATE_RECORD)ExAllocateFromNPagedLookasideList(&gTf.RecordList);
    if (rec == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    RtlZeroMemory(rec, sizeof(*rec));
    rec->ProcessId = FltGetRequestorProcessId(Data);
    rec->Disposition = (Data->Iopb->Parameters.Create.Options >> 24) & 0xFF;
    rec->Status = Data->IoStatus.Status;

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (NT_SUCCESS(status)) {
        rec->NameLength = (USHORT)min(nameInfo->Name.Length, sizeof(rec->Name) - sizeof(WCHAR));
        RtlCopyMemory(rec->Name, nameInfo->Name.Buffer, rec->NameLength);
        FltReleaseFileNameInformation(nameInfo);
    }

    DbgPrint("tutfilter: pid %lu disp %lu st 0x%08x %ws\n",
             rec->ProcessId, rec->Disposition, rec->Status, rec->Name);

    ExFreeToNPagedLookasideList(&gTf.RecordList, rec);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

NTSTATUS
TfUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    PT_DBG_PRINT(TF_TRACE_ALL, ("tutfilter: unload, %ld creates\n", gTf.TotalCreates));

    FltUnregisterFilter(gTf.Filter);
    ExDeleteNPagedLookasideList(&gTf.RecordList);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KdPrint(("tutfilter!DriverEntry: Entered\n"));

    RtlZeroMemory(&gTf, sizeof(gTf));

#if DBG
    gTraceFlags = TF_TRACE_ALL;
#endif

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &gTf.Filter);
    if (!NT_SUCCESS(status)) {
        KdPrint(("tutfilter!DriverEntry: FltRegisterFilter failed 0x%x\n", status));
        return status;
    }

    status = FltStartFiltering(gTf.Filter);
    if (!NT_SUCCESS(status)) {
        KdPrint(("tutfilter!DriverEntry: FltStartFiltering failed 0x%x\n", status));
        FltUnregisterFilter(gTf.Filter);
        return status;
    }

    ExInitializeNPagedLookasideList(&gTf.RecordList,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(TF_CREATE_RECORD),
                                    TF_TAG_REC,
                                    0);

    return STATUS_SUCCESS;
}
