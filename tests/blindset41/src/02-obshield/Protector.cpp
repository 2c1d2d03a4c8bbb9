#include "Protector.h"

Protector* Protector::s_Instance = nullptr;
PVOID      Protector::s_RegistrationHandle = nullptr;

void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept
{
    return ExAllocatePool2(flags, size, tag);
}

void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p) {
        ExFreePoolWithTag(p, OBS_TAG);
    }
}

void __cdecl operator delete(void* p, POOL_FLAGS, ULONG tag) noexcept
{
    if (p) {
        ExFreePoolWithTag(p, tag);
    }
}

Protector::Protector() : m_count(0)
{
    KeInitializeSpinLock(&m_lock);
    RtlZeroMemory(m_pids, sizeof(m_pids));
}

NTSTATUS Protector::Install()
{
    OB_OPERATION_REGISTRATION operation = {};
    operation.ObjectType   = PsProcessType;
    operation.Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    operation.PreOperation = PreProcessHandle;
    operation.PostOperation = nullptr;

    OB_CALLBACK_REGISTRATION registration = {};
    registration.Version                    = OB_FLT_REGISTRATION_VERSION;
    registration.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&registration.Altitude, OBS_ALTITUDE);
    registration.RegistrationContext        = nullptr;
    registration.OperationRegistration      = &operation;

    RETURN_IF_NT_FAILED(ObRegisterCallbacks(&registration, &s_RegistrationHandle));

    s_Instance = new (POOL_FLAG_NON_PAGED, OBS_TAG) Protector();
    if (s_Instance == nullptr) {
        ObUnRegisterCallbacks(s_RegistrationHandle);
        s_RegistrationHandle = nullptr;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    ObsInfo("object callbacks installed at %ws", OBS_ALTITUDE);
    return STATUS_SUCCESS;
}

void Protector::Uninstall()
{
    if (s_RegistrationHandle) {
        ObUnRegisterCallbacks(s_RegistrationHandle);
        s_RegistrationHandle = nullptr;
    }
    delete s_Instance;
    s_Instance = nullptr;
}

bool Protector::Add(ULONG pid)
{
    KLOCK_QUEUE_HANDLE lh;
    KeAcquireInStackQueuedSpinLock(&m_lock, &lh);

    bool added = false;
    for (ULONG i = 0; i < m_count; i++) {
        if (m_pids[i] == pid) {
            added = true;
            break;
        }
    }
    if (!added && m_count < kMaxPids) {
        m_pids[m_count++] = pid;
        added = true;
    }

    KeReleaseInStackQueuedSpinLock(&lh);
    return added;
}

bool Protector::Remove(ULONG pid)
{
    KLOCK_QUEUE_HANDLE lh;
    KeAcquireInStackQueuedSpinLock(&m_lock, &lh);

    bool removed = false;
    for (ULONG i = 0; i < m_count; i++) {
        if (m_pids[i] == pid) {
            m_pids[i] = m_pids[--m_count];
            removed = true;
            break;
        }
    }

    KeReleaseInStackQueuedSpinLock(&lh);
    return removed;
}

void Protector::Clear()
{
    KLOCK_QUEUE_HANDLE lh;
    KeAcquireInStackQueuedSpinLock(&m_lock, &lh);
    m_count = 0;
    KeReleaseInStackQueuedSpinLock(&lh);
}

bool Protector::IsProtected(ULONG pid)
{
    KLOCK_QUEUE_HANDLE lh;
    KeAcquireInStackQueuedSpinLock(&m_lock, &lh);

    bool found = false;
    for (ULONG i = 0; i < m_count && !found; i++) {
        found = (m_pids[i] == pid);
    }

    KeReleaseInStackQueuedSpinLock(&lh);
    return found;
}

OB_PREOP_CALLBACK_STATUS Protector::PreProcessHandle(PVOID Context, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(Context);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    auto target = static_cast<PEPROCESS>(Info->Object);
    const ULONG pid = HandleToULong(PsGetProcessId(target));

    if (target == PsGetCurrentProcess() || !s_Instance->IsProtected(pid)) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~OBS_DENIED_ACCESS;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~OBS_DENIED_ACCESS;
    }

    return OB_PREOP_SUCCESS;
}
