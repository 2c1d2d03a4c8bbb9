//
// driver.cpp - fltaudit registration / unload
//
#include "audit.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

namespace audit {

Globals g = {};

namespace {

NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    AUDIT_TRACE("unload (sent=%ld lost=%ld)", g.Sent, g.Lost);

    // server port first, otherwise FltUnregisterFilter waits on it forever
    Port::Close();
    FltUnregisterFilter(g.Filter);
    g.Filter = nullptr;

    // no callbacks can be running any more, the pool can go
    ExDeleteNPagedLookasideList(&g.RecordPool);
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI QueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    Contexts,
    Operations,
    Unload,
    InstanceSetup,
    QueryTeardown,
    nullptr, nullptr, nullptr, nullptr, nullptr
};

} // namespace
} // namespace audit

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    using namespace audit;
    UNREFERENCED_PARAMETER(RegistryPath);

    AUDIT_TRACE("DriverEntry");

    ExInitializeNPagedLookasideList(&g.RecordPool, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(AuditRecord), AUDIT_POOL_TAG, 0);
    auto poolGuard = MakeScopeExit([] { ExDeleteNPagedLookasideList(&g.RecordPool); });

    auto status = FltRegisterFilter(DriverObject, &Registration, &g.Filter);
    if (!NT_SUCCESS(status)) {
        AUDIT_ERROR("FltRegisterFilter 0x%08X", status);
        return status;
    }
    auto filterGuard = MakeScopeExit([] {
        FltUnregisterFilter(g.Filter);
        g.Filter = nullptr;
    });

    status = Port::Open(g.Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto portGuard = MakeScopeExit([] { Port::Close(); });

    status = FltStartFiltering(g.Filter);
    if (!NT_SUCCESS(status)) {
        AUDIT_ERROR("FltStartFiltering 0x%08X", status);
        return status;
    }

    // everything is up, keep it
    portGuard.Dismiss();
    filterGuard.Dismiss();
    poolGuard.Dismiss();

    AUDIT_TRACE("running");
    return STATUS_SUCCESS;
}
