// guard.cpp - the protected set and the object manager callbacks
#include "guard.h"

namespace obg {

void ProtectedSet::Init()
{
    KeInitializeSpinLock(&m_lock);
    m_count = 0;
    RtlZeroMemory(m_pids, sizeof(m_pids));
}

bool ProtectedSet::Add(ULONG pid)
{
    AutoSpinLock lock(m_lock);
    for (ULONG i = 0; i < m_count; i++) {
        if (m_pids[i] == pid) {
            return true;
        }
    }
    if (m_count == kMax) {
        return false;
    }
    m_pids[m_count++] = pid;
    return true;
}

bool ProtectedSet::Remove(ULONG pid)
{
    AutoSpinLock lock(m_lock);
    for (ULONG i = 0; i < m_count; i++) {
        if (m_pids[i] == pid) {
            m_pids[i] = m_pids[--m_count];
            return true;
        }
    }
    return false;
}

bool ProtectedSet::Contains(ULONG pid)
{
    AutoSpinLock lock(m_lock);
    for (ULONG i = 0; i < m_count; i++) {
        if (m_pids[i] == pid) {
            return true;
        }
    }
    return false;
}

void ProtectedSet::Clear()
{
    AutoSpinLock lock(m_lock);
    m_count = 0;
}

static OB_PREOP_CALLBACK_STATUS
PreProcess(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    auto g = static_cast<Globals*>(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    auto target = static_cast<PEPROCESS>(Info->Object);
    auto pid = HandleToULong(PsGetProcessId(target));
    if (target == PsGetCurrentProcess() || !g->Set.Contains(pid)) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~kProcessDenied;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kProcessDenied;
    }
    InterlockedIncrement(&g->Stripped);
    return OB_PREOP_SUCCESS;
}

static OB_PREOP_CALLBACK_STATUS
PreThread(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    auto g = static_cast<Globals*>(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    auto thread = static_cast<PETHREAD>(Info->Object);
    auto pid = HandleToULong(PsGetThreadProcessId(thread));
    if (pid == HandleToULong(PsGetCurrentProcessId()) || !g->Set.Contains(pid)) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~kThreadDenied;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kThreadDenied;
    }
    InterlockedIncrement(&g->Stripped);
    return OB_PREOP_SUCCESS;
}

// kept at namespace scope, the registration may outlive DriverEntry's frame
static OB_OPERATION_REGISTRATION s_Operations[2];
static OB_CALLBACK_REGISTRATION  s_Registration;
static UNICODE_STRING            s_Altitude = RTL_CONSTANT_STRING(L"385201.77");

NTSTATUS RegisterObCallbacks(_Out_ PVOID* handle)
{
    *handle = nullptr;

    s_Operations[0].ObjectType = PsProcessType;
    s_Operations[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    s_Operations[0].PreOperation = PreProcess;
    s_Operations[0].PostOperation = nullptr;

    s_Operations[1].ObjectType = PsThreadType;
    s_Operations[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    s_Operations[1].PreOperation = PreThread;
    s_Operations[1].PostOperation = nullptr;

    s_Registration.Version = OB_FLT_REGISTRATION_VERSION;
    s_Registration.OperationRegistrationCount = 2;
    s_Registration.Altitude = s_Altitude;
    s_Registration.RegistrationContext = &g_Globals;
    s_Registration.OperationRegistration = s_Operations;

    return ObRegisterCallbacks(&s_Registration, handle);
}

void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == nullptr) {
        // process is going away, a new one could reuse the pid later
        if (g_Globals.Set.Remove(HandleToULong(ProcessId))) {
            OBG_PRINT("pid %lu exited, no longer protected", HandleToULong(ProcessId));
        }
    }
}

} // namespace obg
