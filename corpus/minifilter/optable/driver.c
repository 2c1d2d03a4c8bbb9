/*
 * driver.c - "opcount": a minifilter that records which processes open
 * files. Its create callback, in ops.c, is named only by the operation
 * table below; it takes blocks from the lookaside list, so the unload
 * callback unregisters the filter (which waits for callbacks in flight)
 * before it frees the records and deletes the list.
 */
#include "optable.h"

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS FLTAPI OcUnload(FLT_FILTER_UNLOAD_FLAGS Flags);

PFLT_FILTER g_OcFilter;
NPAGED_LOOKASIDE_LIST g_OcRecords;
LIST_ENTRY g_OcList;
KSPIN_LOCK g_OcLock;

static const FLT_OPERATION_REGISTRATION g_OcOperations[] = {
    { IRP_MJ_CREATE, 0, OcPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_OcRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    g_OcOperations,
    OcUnload,
};

static VOID
OcFreeRecords(VOID)
{
    while (!IsListEmpty(&g_OcList)) {
        ExFreeToNPagedLookasideList(&g_OcRecords, CONTAINING_RECORD(RemoveHeadList(&g_OcList), OC_RECORD, Link));
    }
}

static NTSTATUS FLTAPI
OcUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(g_OcFilter);
    OcFreeRecords();
    ExDeleteNPagedLookasideList(&g_OcRecords);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)   // expect-entry: minifilter
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeListHead(&g_OcList);
    KeInitializeSpinLock(&g_OcLock);
    ExInitializeNPagedLookasideList(&g_OcRecords, NULL, NULL, POOL_NX_ALLOCATION, sizeof(OC_RECORD), OC_TAG, 0);

    status = FltRegisterFilter(DriverObject, &g_OcRegistration, &g_OcFilter);
    if (!NT_SUCCESS(status)) {
        ExDeleteNPagedLookasideList(&g_OcRecords);
        return status;
    }
    status = FltStartFiltering(g_OcFilter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_OcFilter);
        ExDeleteNPagedLookasideList(&g_OcRecords);
        return status;
    }
    return STATUS_SUCCESS;
}
