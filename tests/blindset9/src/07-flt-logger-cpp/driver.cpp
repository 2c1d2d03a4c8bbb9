// fltlog - logs successful file opens, user mode reads them over \FltLogPort
#include "fltlog.h"

namespace fltlog {

Globals g;

namespace {

NTSTATUS FLTAPI FilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    Shutdown();
    FLTLOG("unloaded");
    return STATUS_SUCCESS;
}

constexpr FLT_OPERATION_REGISTRATION kOperations[] = {
    { IRP_MJ_CREATE, 0, nullptr, PostCreate },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION kRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,
    kOperations,
    FilterUnload,
};

// runs Shutdown() when DriverEntry bails out early
class InitRollback {
public:
    ~InitRollback()
    {
        if (!m_committed) {
            Shutdown();
        }
    }
    void Commit() { m_committed = true; }

private:
    bool m_committed = false;
};

} // namespace

void Shutdown()
{
    port::Close();

    if (g.Filter) {
        FltUnregisterFilter(g.Filter);
        g.Filter = nullptr;
    }

    if (g.PoolReady) {
        DrainQueue();
        ExDeleteNPagedLookasideList(&g.EntryPool);
        g.PoolReady = false;
    }
}

} // namespace fltlog

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    using namespace fltlog;
    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g, sizeof(g));
    InitializeListHead(&g.Queue);
    KeInitializeSpinLock(&g.QueueLock);

    ExInitializeNPagedLookasideList(&g.EntryPool, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(Entry), kTag, 0);
    g.PoolReady = true;

    InitRollback rollback;

    auto status = FltRegisterFilter(DriverObject, &kRegistration, &g.Filter);
    if (!NT_SUCCESS(status)) {
        FLTLOG("FltRegisterFilter: 0x%08X", status);
        g.Filter = nullptr;
        return status;
    }

    status = port::Open();
    if (!NT_SUCCESS(status)) {
        FLTLOG("port: 0x%08X", status);
        g.ServerPort = nullptr;
        return status;
    }

    status = FltStartFiltering(g.Filter);
    if (!NT_SUCCESS(status)) {
        FLTLOG("FltStartFiltering: 0x%08X", status);
        return status;
    }

    rollback.Commit();
    FLTLOG("running");
    return STATUS_SUCCESS;
}
