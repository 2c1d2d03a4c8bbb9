#include "lazyhash.h"

namespace lh {
Globals g;
}

using namespace lh;

extern "C" DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI LhUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI LhQueryTeardown(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS);

static const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    FLTFL_REGISTRATION_SUPPORT_NPFS_MSFS ^ FLTFL_REGISTRATION_SUPPORT_NPFS_MSFS, // none
    nullptr,
    Operations,
    LhUnload,
    nullptr,
    LhQueryTeardown,
    nullptr,
    nullptr,
    nullptr, nullptr, nullptr
};

static NTSTATUS FLTAPI
LhQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI LhUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    LH_TRACE("unloading (%d requests outstanding)\n", g.Outstanding);

    FltUnregisterFilter(g.Filter);
    g.Filter = nullptr;

    if (g.FlushItem) {
        FltFreeGenericWorkItem(g.FlushItem);
        g.FlushItem = nullptr;
    }

    if (g.RequestsReady) {
        ExDeleteNPagedLookasideList(&g.Requests.NonPaged);
        g.RequestsReady = false;
    }
    return STATUS_SUCCESS;
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g, sizeof(g));

    ExInitializePagedLookasideList(&g.Requests.Paged, nullptr, nullptr, 0,
                                   sizeof(HashRequest), LH_TAG_REQ, 0);
    g.RequestsReady = true;

    CHECK_STATUS(FltRegisterFilter(DriverObject, &Registration, &g.Filter), cleanup);

    g.FlushItem = FltAllocateGenericWorkItem();
    if (!g.FlushItem) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto cleanup;
    }

    CHECK_STATUS(FltStartFiltering(g.Filter), cleanup);

    LH_TRACE("started\n");
    return STATUS_SUCCESS;

cleanup:
    if (g.Filter) {
        FltUnregisterFilter(g.Filter);
        g.Filter = nullptr;
    }
    if (g.RequestsReady) {
        ExDeletePagedLookasideList(&g.Requests.Paged);
        g.RequestsReady = false;
    }
    return status;
}
