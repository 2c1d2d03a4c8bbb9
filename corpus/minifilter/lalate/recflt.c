/*
 * recflt.c - a minifilter that records each successful create in a record
 * taken from a non-paged lookaside list. The list is initialized before
 * FltRegisterFilter, so the post-create callback never sees it
 * uninitialized, and deleted after FltUnregisterFilter.
 */

#include <fltKernel.h>

#define REC_TAG 'ceRR'

typedef struct _REC_ENTRY {
    LIST_ENTRY Link;
    ULONG Pid;
} REC_ENTRY, *PREC_ENTRY;

static struct {
    PFLT_FILTER Filter;
    NPAGED_LOOKASIDE_LIST Records;
    LONG Count;
} gRec;

DRIVER_INITIALIZE DriverEntry;
static FLT_POST_OPERATION_CALLBACK RecPostCreate;
static NTSTATUS RecUnload(FLT_FILTER_UNLOAD_FLAGS Flags);

static FLT_POSTOP_CALLBACK_STATUS
RecPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    PREC_ENTRY rec;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);
    if (!NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    rec = (PREC_ENTRY)ExAllocateFromNPagedLookasideList(&gRec.Records);
    if (rec != NULL) {
        rec->Pid = FltGetRequestorProcessId(Data);
        InterlockedIncrement(&gRec.Count);
        ExFreeToNPagedLookasideList(&gRec.Records, rec);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static const FLT_OPERATION_REGISTRATION RecCallbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, RecPostCreate },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION RecRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    RecCallbacks,
    RecUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

static NTSTATUS
RecUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(gRec.Filter);
    ExDeleteNPagedLookasideList(&gRec.Records);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry( // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeNPagedLookasideList(&gRec.Records, NULL, NULL, POOL_NX_ALLOCATION, sizeof(REC_ENTRY), REC_TAG, 0);

    status = FltRegisterFilter(DriverObject, &RecRegistration, &gRec.Filter);
    if (!NT_SUCCESS(status)) {
        ExDeleteNPagedLookasideList(&gRec.Records);
        return status;
    }

    status = FltStartFiltering(gRec.Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(gRec.Filter);
        ExDeleteNPagedLookasideList(&gRec.Records);
        return status;
    }
    return STATUS_SUCCESS;
}
