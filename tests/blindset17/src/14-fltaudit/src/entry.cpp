//
// entry.cpp - DriverEntry, filter unload and the global state object.
//
#include "audit.h"

namespace audit {

State g_State;

NTSTATUS State::Initialize()
{
    FltInitializePushLock(&m_lock);
    RtlZeroMemory(m_muted, sizeof(m_muted));
    m_events = 0;
    m_initialized = true;
    return STATUS_SUCCESS;
}

void State::Destroy()
{
    if (m_initialized) {
        FltDeletePushLock(&m_lock);
        m_initialized = false;
    }
}

bool State::ShouldReport(HANDLE processId)
{
    bool muted = false;

    FltAcquirePushLockShared(&m_lock);
    for (auto pid : m_muted) {
        if (pid == processId) {
            muted = true;
            break;
        }
    }
    FltReleasePushLock(&m_lock);

    if (!muted) {
        InterlockedIncrement64(&m_events);
    }
    return !muted;
}

void State::Forget(HANDLE processId)
{
    FltAcquirePushLockExclusive(&m_lock);
    for (auto& pid : m_muted) {
        if (pid == processId) {
            pid = nullptr;
        }
    }
    FltReleasePushLock(&m_lock);
}

void OnProcessNotify(PEPROCESS process, HANDLE processId, PPS_CREATE_NOTIFY_INFO createInfo)
{
    UNREFERENCED_PARAMETER(process);

    if (createInfo == nullptr) {
        g_State.Forget(processId);
    }
}

namespace {

NTSTATUS FLTAPI FilterUnload(FLT_FILTER_UNLOAD_FLAGS flags)
{
    UNREFERENCED_PARAMETER(flags);
    PAGED_CODE();

    AUDIT_LOG("unloading%s", "");

    PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);
    g_Port.Close();
    FltUnregisterFilter(g_State.Filter);
    g_State.Filter = nullptr;
    g_State.Destroy();
    return STATUS_SUCCESS;
}

} // namespace

FLT_PREOP_CALLBACK_STATUS FLTAPI PreCreate(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objects, PVOID* context);
FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objects, PVOID context, FLT_POST_OPERATION_FLAGS flags);
NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS objects, FLT_INSTANCE_SETUP_FLAGS flags, DEVICE_TYPE deviceType, FLT_FILESYSTEM_TYPE fsType);

static const FLT_OPERATION_REGISTRATION s_Callbacks[] = {
    { IRP_MJ_CREATE, 0, PreCreate, PostCreate },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                      // Flags
    nullptr,                // Context
    s_Callbacks,            // Operation callbacks
    FilterUnload,           // FilterUnload
    InstanceSetup,          // InstanceSetup
    nullptr,                // InstanceQueryTeardown
    nullptr,                // InstanceTeardownStart
    nullptr,                // InstanceTeardownComplete
    nullptr,                // GenerateFileName
    nullptr,                // NormalizeNameComponent
    nullptr,                // NormalizeContextCleanup
    nullptr,                // TransactionNotification
    nullptr,                // NormalizeNameComponentEx
    nullptr                 // SectionNotification
};

} // namespace audit

extern "C" DRIVER_INITIALIZE DriverEntry;

#pragma alloc_text(INIT, DriverEntry)

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    using namespace audit;

    UNREFERENCED_PARAMETER(RegistryPath);

    RETURN_IF_NT_FAILED(g_State.Initialize());
    auto stateGuard = make_guard([] { g_State.Destroy(); });

    RETURN_IF_NT_FAILED(FltRegisterFilter(DriverObject, &Registration, &g_State.Filter));
    auto filterGuard = make_guard([] {
        FltUnregisterFilter(g_State.Filter);
        g_State.Filter = nullptr;
    });

    RETURN_IF_NT_FAILED(g_Port.Open(g_State.Filter));
    auto portGuard = make_guard([] { g_Port.Close(); });

    RETURN_IF_NT_FAILED(PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE));
    auto notifyGuard = make_guard([] { PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE); });

    RETURN_IF_NT_FAILED(FltStartFiltering(g_State.Filter));

    notifyGuard.dismiss();
    portGuard.dismiss();
    filterGuard.dismiss();
    stateGuard.dismiss();

    AUDIT_LOG("filtering started%s", "");
    return STATUS_SUCCESS;
}
