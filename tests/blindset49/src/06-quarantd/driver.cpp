//
// driver.cpp - quarantd entry point and unload
//
#include "quarantd.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

namespace qd {

PFLT_FILTER           g_Filter = nullptr;
Config                g_Config;
NPAGED_LOOKASIDE_LIST g_RecordPool;
volatile LONG         g_Denied = 0;

static NTSTATUS FLTAPI Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

static const FLT_CONTEXT_REGISTRATION s_Contexts[] = {
    { FLT_STREAM_CONTEXT, 0, StreamContextCleanup, sizeof(StreamContext), QD_TAG },
    { FLT_CONTEXT_END }
};

static const FLT_OPERATION_REGISTRATION s_Ops[] = {
    { IRP_MJ_CREATE, 0, PreCreate, PostCreate },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    s_Contexts,
    s_Ops,
    Unload,
    InstanceSetup,
    nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

#pragma code_seg(push, "PAGE")
static NTSTATUS FLTAPI Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    QD_LOG("unloading, %ld opens denied", g_Denied);

    ExDeleteNPagedLookasideList(&g_RecordPool);

    FltUnregisterFilter(g_Filter);
    g_Filter = nullptr;

    Config::Free();
    return STATUS_SUCCESS;
}
#pragma code_seg(pop)

} // namespace qd

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;

    ExInitializeNPagedLookasideList(&qd::g_RecordPool, nullptr, nullptr,
                                    POOL_NX_ALLOCATION, sizeof(qd::QRecord), QD_TAG, 0);

    QD_CHECK(qd::Config::Load(RegistryPath), fail_lookaside);
    QD_CHECK(FltRegisterFilter(DriverObject, &qd::g_Registration, &qd::g_Filter), fail_config);
    QD_CHECK(FltStartFiltering(qd::g_Filter), fail_unregister);

    QD_LOG("loaded, quarantine extension .%wZ", &qd::g_Config.Extension);
    return STATUS_SUCCESS;

fail_unregister:
    FltUnregisterFilter(qd::g_Filter);
    qd::g_Filter = nullptr;
fail_config:
    qd::Config::Free();
fail_lookaside:
    ExDeleteNPagedLookasideList(&qd::g_RecordPool);
    return status;
}
