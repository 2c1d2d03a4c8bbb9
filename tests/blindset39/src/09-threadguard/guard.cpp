#include "guard.h"

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE       0x0001
#endif
#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME  0x0800
#endif
#ifndef THREAD_TERMINATE
#define THREAD_TERMINATE        0x0001
#endif
#ifndef THREAD_SUSPEND_RESUME
#define THREAD_SUSPEND_RESUME   0x0002
#endif
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT      0x0010
#endif

namespace tg {

ERESOURCE Guard::s_lock;
ULONG*    Guard::s_pids;
ULONG     Guard::s_count;
ULONG     Guard::s_capacity;
PVOID     Guard::s_obHandle;

namespace {
    struct SharedLock {
        explicit SharedLock(ERESOURCE& r) : m_r(r) {
            KeEnterCriticalRegion();
            ExAcquireResourceSharedLite(&m_r, TRUE);
        }
        ~SharedLock() { ExReleaseResourceLite(&m_r); KeLeaveCriticalRegion(); }
        ERESOURCE& m_r;
    };
    struct ExclusiveLock {
        explicit ExclusiveLock(ERESOURCE& r) : m_r(r) {
            KeEnterCriticalRegion();
            ExAcquireResourceExclusiveLite(&m_r, TRUE);
        }
        ~ExclusiveLock() { ExReleaseResourceLite(&m_r); KeLeaveCriticalRegion(); }
        ERESOURCE& m_r;
    };

    constexpr ACCESS_MASK kProcessDeny = PROCESS_TERMINATE | PROCESS_SUSPEND_RESUME;
    constexpr ACCESS_MASK kThreadDeny  = THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_SET_CONTEXT;

    void Strip(POB_PRE_OPERATION_INFORMATION info, ACCESS_MASK deny)
    {
        if (info->Operation == OB_OPERATION_HANDLE_CREATE)
            info->Parameters->CreateHandleInformation.DesiredAccess &= ~deny;
        else
            info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~deny;
    }
}

bool Guard::Init(ULONG capacity)
{
    s_pids = new (POOL_FLAG_NON_PAGED) ULONG[capacity];
    if (!s_pids)
        return false;

    if (!NT_SUCCESS(ExInitializeResourceLite(&s_lock))) {
        delete[] s_pids;
        s_pids = nullptr;
        return false;
    }

    s_capacity = capacity;
    s_count = 0;
    s_obHandle = nullptr;
    return true;
}

void Guard::Cleanup()
{
    ExDeleteResourceLite(&s_lock);
    delete[] s_pids;
    s_pids = nullptr;
    s_count = s_capacity = 0;
}

NTSTATUS Guard::Add(ULONG pid)
{
    ExclusiveLock lock(s_lock);

    for (ULONG i = 0; i < s_count; i++)
        if (s_pids[i] == pid)
            return STATUS_SUCCESS;

    if (s_count == s_capacity)
        return STATUS_QUOTA_EXCEEDED;

    s_pids[s_count++] = pid;
    return STATUS_SUCCESS;
}

void Guard::Remove(ULONG pid)
{
    ExclusiveLock lock(s_lock);

    for (ULONG i = 0; i < s_count; i++) {
        if (s_pids[i] == pid) {
            s_pids[i] = s_pids[--s_count];
            return;
        }
    }
}

bool Guard::Contains(ULONG pid)
{
    SharedLock lock(s_lock);

    for (ULONG i = 0; i < s_count; i++)
        if (s_pids[i] == pid)
            return true;
    return false;
}

OB_PREOP_CALLBACK_STATUS Guard::OnPreProcess(PVOID, POB_PRE_OPERATION_INFORMATION info)
{
    if (info->KernelHandle)
        return OB_PREOP_SUCCESS;

    auto pid = HandleToULong(PsGetProcessId(static_cast<PEPROCESS>(info->Object)));
    if (pid != HandleToULong(PsGetCurrentProcessId()) && Contains(pid))
        Strip(info, kProcessDeny);

    return OB_PREOP_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS Guard::OnPreThread(PVOID, POB_PRE_OPERATION_INFORMATION info)
{
    if (info->KernelHandle)
        return OB_PREOP_SUCCESS;

    auto pid = HandleToULong(PsGetThreadProcessId(static_cast<PETHREAD>(info->Object)));
    if (pid != HandleToULong(PsGetCurrentProcessId()) && Contains(pid))
        Strip(info, kThreadDeny);

    return OB_PREOP_SUCCESS;
}

NTSTATUS Guard::RegisterCallbacks()
{
    OB_OPERATION_REGISTRATION ops[2] = {};

    ops[0].ObjectType   = PsProcessType;
    ops[0].Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = OnPreProcess;

    ops[1].ObjectType   = PsThreadType;
    ops[1].Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[1].PreOperation = OnPreThread;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version                    = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 2;
    reg.OperationRegistration      = ops;
    RtlInitUnicodeString(&reg.Altitude, TG_ALTITUDE);

    return ObRegisterCallbacks(&reg, &s_obHandle);
}

void Guard::UnregisterCallbacks()
{
    if (s_obHandle) {
        ObUnRegisterCallbacks(s_obHandle);
        s_obHandle = nullptr;
    }
}

void Guard::OnProcessNotify(PEPROCESS, HANDLE pid, PPS_CREATE_NOTIFY_INFO info)
{
    // a protected process went away - forget it before the PID is reused
    if (info == nullptr)
        Remove(HandleToULong(pid));
}

} // namespace tg
