/*
 * ctxpool: a minifilter that records each opened file in a record taken
 * from a lookaside list; its post-create callback allocates from the list.
 *
 * Conforming: the unload callback unregisters the filter first (after
 * FltUnregisterFilter returns, no callback runs any more), then deletes
 * the lookaside list.
 */
#include <fltKernel.h>

#define CP_TAG 'lPpC'

typedef struct _CP_RECORD {
    LIST_ENTRY Link;
    ULONG ProcessId;
} CP_RECORD, *PCP_RECORD;

static PFLT_FILTER g_CpFilter;
static NPAGED_LOOKASIDE_LIST g_CpRecords;

static FLT_POSTOP_CALLBACK_STATUS
CpPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext,
             FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);
    if (NT_SUCCESS(Data->IoStatus.Status)) {
        PCP_RECORD record = (PCP_RECORD)ExAllocateFromNPagedLookasideList(&g_CpRecords);
        if (record != NULL) {
            record->ProcessId = FltGetRequestorProcessId(Data);
            ExFreeToNPagedLookasideList(&g_CpRecords, record);
        }
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static NTSTATUS CpUnload(FLT_FILTER_UNLOAD_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION CpCallbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, CpPostCreate },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION CpRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    CpCallbacks,
    CpUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

static NTSTATUS CpUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(g_CpFilter);
    ExDeleteNPagedLookasideList(&g_CpRecords);
    return STATUS_SUCCESS;
}

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: minifilter
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeNPagedLookasideList(&g_CpRecords, NULL, NULL, POOL_NX_ALLOCATION, sizeof(CP_RECORD), CP_TAG, 0);
    status = FltRegisterFilter(DriverObject, &CpRegistration, &g_CpFilter);
    if (!NT_SUCCESS(status)) {
        ExDeleteNPagedLookasideList(&g_CpRecords);
        return status;
    }
    status = FltStartFiltering(g_CpFilter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_CpFilter);
        ExDeleteNPagedLookasideList(&g_CpRecords);
    }
    return status;
}
