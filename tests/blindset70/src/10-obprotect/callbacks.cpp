#include "protector.h"

namespace obp {

EX_PUSH_LOCK PidTable::s_Lock;
ULONG        PidTable::s_Pids[OBP_MAX_PIDS];
PVOID        Callbacks::s_ObHandle = nullptr;
bool         Callbacks::s_NotifyOn = false;

// ---- pid table ----------------------------------------------------------

template <bool Exclusive>
struct PushLockGuard {
    PEX_PUSH_LOCK l;
    explicit PushLockGuard(PEX_PUSH_LOCK lock) : l(lock) {
        KeEnterCriticalRegion();
        if (Exclusive) ExAcquirePushLockExclusive(l); else ExAcquirePushLockShared(l);
    }
    ~PushLockGuard() {
        if (Exclusive) ExReleasePushLockExclusive(l); else ExReleasePushLockShared(l);
        KeLeaveCriticalRegion();
    }
};

void PidTable::Init()
{
    ExInitializePushLock(&s_Lock);
    RtlZeroMemory(s_Pids, sizeof(s_Pids));
}

bool PidTable::Add(ULONG pid)
{
    PushLockGuard<true> g(&s_Lock);
    for (auto& slot : s_Pids) {
        if (slot == pid) return true;
    }
    for (auto& slot : s_Pids) {
        if (slot == 0) { slot = pid; return true; }
    }
    return false;
}

bool PidTable::Remove(ULONG pid)
{
    PushLockGuard<true> g(&s_Lock);
    for (auto& slot : s_Pids) {
        if (slot == pid) { slot = 0; return true; }
    }
    return false;
}

bool PidTable::Contains(ULONG pid)
{
    PushLockGuard<false> g(&s_Lock);
    for (auto slot : s_Pids) {
        if (slot == pid) return true;
    }
    return false;
}

// ---- callbacks ----------------------------------------------------------

static OB_PREOP_CALLBACK_STATUS OnPreOpen(PVOID, POB_PRE_OPERATION_INFORMATION Info)
{
    if (Info->KernelHandle)
        return OB_PREOP_SUCCESS;

    auto target = static_cast<PEPROCESS>(Info->Object);
    if (target == PsGetCurrentProcess())
        return OB_PREOP_SUCCESS;

    if (!PidTable::Contains(HandleToULong(PsGetProcessId(target))))
        return OB_PREOP_SUCCESS;

    auto& access = (Info->Operation == OB_OPERATION_HANDLE_CREATE)
        ? Info->Parameters->CreateHandleInformation.DesiredAccess
        : Info->Parameters->DuplicateHandleInformation.DesiredAccess;
    access &= ~kStrip;
    return OB_PREOP_SUCCESS;
}

static void OnProcess(PEPROCESS, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    // pid reuse: forget protected processes when they exit
    if (CreateInfo == nullptr && PidTable::Remove(HandleToULong(ProcessId)))
        OBP_LOG("protected pid %lu exited", HandleToULong(ProcessId));
}

NTSTATUS Callbacks::RegisterOb()
{
    OB_OPERATION_REGISTRATION op = {};
    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = OnPreOpen;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    reg.OperationRegistration = &op;
    RtlInitUnicodeString(&reg.Altitude, OBP_ALTITUDE);

    NTSTATUS status = ObRegisterCallbacks(&reg, &s_ObHandle);
    if (!NT_SUCCESS(status)) {
        s_ObHandle = nullptr;
        OBP_LOG("ObRegisterCallbacks failed 0x%08X", status);
    }
    return status;
}

void Callbacks::UnregisterOb()
{
    if (s_ObHandle) {
        ObUnRegisterCallbacks(s_ObHandle);
        s_ObHandle = nullptr;
    }
}

NTSTATUS Callbacks::RegisterProcessNotify()
{
    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
    if (NT_SUCCESS(status))
        s_NotifyOn = true;
    else
        OBP_LOG("PsSetCreateProcessNotifyRoutineEx failed 0x%08X", status);
    return status;
}

void Callbacks::UnregisterProcessNotify()
{
    if (s_NotifyOn) {
        PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
        s_NotifyOn = false;
    }
}

} // namespace obp
