/*
 * main.c - ctxfilter registration, DriverEntry and unload
 */
#include "ctxfilter.h"

CF_DATA CfData;

DRIVER_INITIALIZE DriverEntry;
NTSTATUS CfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS CfQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                         _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CfUnload)
#pragma alloc_text(PAGE, CfQueryTeardown)
#endif

const FLT_CONTEXT_REGISTRATION CfContexts[] = {
    { FLT_INSTANCE_CONTEXT, 0, NULL, sizeof(CF_INSTANCE_CONTEXT), CF_TAG_INST },
    { FLT_STREAM_CONTEXT, 0, CfStreamContextCleanup, sizeof(CF_STREAM_CONTEXT), CF_TAG_STREAM },
    { FLT_CONTEXT_END }
};

const FLT_OPERATION_REGISTRATION CfCallbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, CfPostCreate },
    { IRP_MJ_WRITE, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, CfPreWrite, NULL },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION CfRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    CfContexts,
    CfCallbacks,
    CfUnload,
    CfInstanceSetup,
    CfQueryTeardown,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

NTSTATUS
CfQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

NTSTATUS
CfUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    CF_LOG("unloading, %ld events\n", CfData.Events);

    /* stream context cleanups run in here and still use the lookaside */
    FltUnregisterFilter(CfData.Filter);
    CfData.Filter = NULL;

    ExDeleteNPagedLookasideList(&CfData.EventLookaside);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&CfData, sizeof(CfData));

    /* must exist before any callback can run */
    ExInitializeNPagedLookasideList(&CfData.EventLookaside, NULL, NULL,
                                    POOL_NX_ALLOCATION, sizeof(CF_EVENT), CF_TAG_EVENT, 0);

    status = FltRegisterFilter(DriverObject, &CfRegistration, &CfData.Filter);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ctxfilter: FltRegisterFilter 0x%08x\n", status));
        goto fail_lookaside;
    }

    status = FltStartFiltering(CfData.Filter);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ctxfilter: FltStartFiltering 0x%08x\n", status));
        goto fail_filter;
    }

    CF_LOG("started\n");
    return STATUS_SUCCESS;

fail_filter:
    FltUnregisterFilter(CfData.Filter);
    CfData.Filter = NULL;
fail_lookaside:
    ExDeleteNPagedLookasideList(&CfData.EventLookaside);
    return status;
}
