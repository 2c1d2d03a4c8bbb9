//
// protector.cpp
//
#include "protector.h"

ProcessProtector* ProcessProtector::s_Instance;

// ---------------------------------------------------------------- PidSet

void PidSet::Init() noexcept
{
    m_Lock.Init();
    RtlZeroMemory(m_Pids, sizeof(m_Pids));
    m_Count = 0;
}

NTSTATUS PidSet::Add(HANDLE Pid) noexcept
{
    SpinLockGuard guard(m_Lock);
    for (ULONG i = 0; i < m_Count; i++) {
        if (m_Pids[i] == Pid) {
            return STATUS_SUCCESS;
        }
    }
    if (m_Count == Capacity) {
        return STATUS_QUOTA_EXCEEDED;
    }
    m_Pids[m_Count++] = Pid;
    return STATUS_SUCCESS;
}

bool PidSet::Remove(HANDLE Pid) noexcept
{
    SpinLockGuard guard(m_Lock);
    for (ULONG i = 0; i < m_Count; i++) {
        if (m_Pids[i] == Pid) {
            m_Pids[i] = m_Pids[--m_Count];
            m_Pids[m_Count] = nullptr;
            return true;
        }
    }
    return false;
}

bool PidSet::Contains(HANDLE Pid) noexcept
{
    SpinLockGuard guard(m_Lock);
    for (ULONG i = 0; i < m_Count; i++) {
        if (m_Pids[i] == Pid) {
            return true;
        }
    }
    return false;
}

// ------------------------------------------------------- ProcessProtector

void ProcessProtector::Initialize() noexcept
{
    m_Protected.Init();
    ExInitializeRundownProtection(&m_Rundown);
    m_ObHandle = nullptr;
    m_NotifyRegistered = false;

    RtlZeroMemory(m_Ops, sizeof(m_Ops));
    m_Ops[0].ObjectType = PsProcessType;
    m_Ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    m_Ops[0].PreOperation = &ProcessProtector::PreProcessHandle;
    m_Ops[1].ObjectType = PsThreadType;
    m_Ops[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    m_Ops[1].PreOperation = &ProcessProtector::PreThreadHandle;

    RtlZeroMemory(&m_Registration, sizeof(m_Registration));
    m_Registration.Version = OB_FLT_REGISTRATION_VERSION;
    m_Registration.OperationRegistrationCount = RTL_NUMBER_OF(m_Ops);
    RtlInitUnicodeString(&m_Registration.Altitude, L"328450");
    m_Registration.RegistrationContext = this;
    m_Registration.OperationRegistration = m_Ops;
}

NTSTATUS ProcessProtector::Start() noexcept
{
    s_Instance = this;

    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(&ProcessProtector::OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        s_Instance = nullptr;
        return status;
    }
    m_NotifyRegistered = true;

    status = ObRegisterCallbacks(&m_Registration, &m_ObHandle);
    if (!NT_SUCCESS(status)) {
        m_ObHandle = nullptr;
        PsSetCreateProcessNotifyRoutineEx(&ProcessProtector::OnProcessNotify, TRUE);
        m_NotifyRegistered = false;
        s_Instance = nullptr;
        return status;
    }
    return STATUS_SUCCESS;
}

void ProcessProtector::Stop() noexcept
{
    if (m_ObHandle != nullptr) {
        ObUnRegisterCallbacks(m_ObHandle);
        m_ObHandle = nullptr;
    }
    if (m_NotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(&ProcessProtector::OnProcessNotify, TRUE);
        m_NotifyRegistered = false;
    }

    // no callback can start any more; wait for the ones still inside
    ExWaitForRundownProtectionRelease(&m_Rundown);
    s_Instance = nullptr;
}

void ProcessProtector::StripAccess(POB_PRE_OPERATION_INFORMATION Info, ACCESS_MASK Deny) noexcept
{
    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~Deny;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~Deny;
    }
}

OB_PREOP_CALLBACK_STATUS
ProcessProtector::PreProcessHandle(PVOID Context, POB_PRE_OPERATION_INFORMATION Info)
{
    auto self = static_cast<ProcessProtector*>(Context);
    RundownGuard rundown(&self->m_Rundown);

    if (!rundown.Held() || Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    HANDLE target = PsGetProcessId(static_cast<PEPROCESS>(Info->Object));
    if (target != PsGetCurrentProcessId() && self->m_Protected.Contains(target)) {
        StripAccess(Info, PROCESS_TERMINATE | PROCESS_VM_OPERATION | PROCESS_VM_WRITE);
    }
    return OB_PREOP_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS
ProcessProtector::PreThreadHandle(PVOID Context, POB_PRE_OPERATION_INFORMATION Info)
{
    auto self = static_cast<ProcessProtector*>(Context);
    RundownGuard rundown(&self->m_Rundown);

    if (!rundown.Held() || Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    HANDLE owner = PsGetThreadProcessId(static_cast<PETHREAD>(Info->Object));
    if (owner != PsGetCurrentProcessId() && self->m_Protected.Contains(owner)) {
        StripAccess(Info, THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_SET_CONTEXT);
    }
    return OB_PREOP_SUCCESS;
}

void ProcessProtector::OnProcessNotify(PEPROCESS, HANDLE Pid, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    ProcessProtector* self = s_Instance;
    if (CreateInfo != nullptr || self == nullptr) {
        return;
    }

    RundownGuard rundown(&self->m_Rundown);
    if (rundown.Held()) {
        // pid is about to be recycled; stop protecting it
        self->m_Protected.Remove(Pid);
    }
}
