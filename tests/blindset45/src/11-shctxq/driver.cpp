// driver.cpp - registration, DriverEntry, unload.
#include "shq.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace shq {

Globals g = {};

namespace {

NTSTATUS FLTAPI FilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    // tears down every instance: each one drains and disables its queue
    FltUnregisterFilter(g.Filter);
    g.Filter = nullptr;

    // nothing can kick the journal any more
    Journal::Stop();

    SQLOG("unloaded");
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI QueryTeardown(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS)
{
    return STATUS_SUCCESS;
}

const FLT_CONTEXT_REGISTRATION kContexts[] = {
    { FLT_INSTANCE_CONTEXT,     0, ContextCleanup, sizeof(InstanceContext), SHQ_TAG_CTX },
    { FLT_STREAMHANDLE_CONTEXT, 0, ContextCleanup, sizeof(HandleContext),   SHQ_TAG_CTX },
    { FLT_CONTEXT_END }
};

const FLT_OPERATION_REGISTRATION kOperations[] = {
    { IRP_MJ_CREATE, 0, nullptr,  PostCreate },
    { IRP_MJ_WRITE,  0, PreWrite, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION kRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    kContexts,
    kOperations,
    FilterUnload,
    InstanceSetup,
    QueryTeardown,
    InstanceTeardownStart,
    nullptr,                    // InstanceTeardownComplete
    nullptr, nullptr, nullptr   // name provider
};

} // anonymous namespace
} // namespace shq

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeFastMutex(&shq::g.InstancesLock);
    InitializeListHead(&shq::g.Instances);

    NTSTATUS status = FltRegisterFilter(DriverObject, &shq::kRegistration, &shq::g.Filter);
    if (!NT_SUCCESS(status)) {
        SQERR("FltRegisterFilter 0x%08x", status);
        return status;
    }

    // the journal must be running before the first write can be pended
    status = shq::Journal::Start();
    if (!NT_SUCCESS(status)) {
        SQERR("journal thread 0x%08x", status);
        FltUnregisterFilter(shq::g.Filter);
        shq::g.Filter = nullptr;
        return status;
    }

    status = FltStartFiltering(shq::g.Filter);
    if (!NT_SUCCESS(status)) {
        SQERR("FltStartFiltering 0x%08x", status);
        FltUnregisterFilter(shq::g.Filter);
        shq::g.Filter = nullptr;
        shq::Journal::Stop();
        return status;
    }

    SQLOG("filtering");
    return STATUS_SUCCESS;
}
