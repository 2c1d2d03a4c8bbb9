#include "ThreadShield.h"

namespace hk {

PVOID                       ThreadShield::s_RegHandle;
FastMutexLock               ThreadShield::s_Lock;
KArray<ULONG, HK_MAX_TIDS>  ThreadShield::s_Tids;

void ThreadShield::Init()
{
    s_Lock.Init();
    s_Tids.Reset();
    s_RegHandle = nullptr;
}

NTSTATUS ThreadShield::Register()
{
    OB_OPERATION_REGISTRATION op = {};
    op.ObjectType = PsThreadType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = PreOpenThread;
    op.PostOperation = nullptr;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&reg.Altitude, HK_ALTITUDE);
    reg.RegistrationContext = nullptr;
    reg.OperationRegistration = &op;

    auto status = ObRegisterCallbacks(&reg, &s_RegHandle);
    if (!NT_SUCCESS(status)) {
        KdPrint((HK_PREFIX "ObRegisterCallbacks failed 0x%08X\n", status));
        s_RegHandle = nullptr;
    }
    return status;
}

void ThreadShield::Unregister()
{
    if (s_RegHandle) {
        ObUnRegisterCallbacks(s_RegHandle);
        s_RegHandle = nullptr;
    }
}

OB_PREOP_CALLBACK_STATUS ThreadShield::PreOpenThread(PVOID Context, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(Context);

    if (Info->KernelHandle)
        return OB_PREOP_SUCCESS;

    auto thread = static_cast<PETHREAD>(Info->Object);

    // a process may always manage its own threads
    if (PsGetThreadProcessId(thread) == PsGetCurrentProcessId())
        return OB_PREOP_SUCCESS;

    auto tid = HandleToULong(PsGetThreadId(thread));
    {
        LockGuard<FastMutexLock> guard(s_Lock);
        if (s_Tids.IndexOf(tid) < 0)
            return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE)
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~HK_DENIED_THREAD_ACCESS;
    else
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~HK_DENIED_THREAD_ACCESS;

    return OB_PREOP_SUCCESS;
}

void ThreadShield::OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ProcessId);

    if (Create)
        return;

    // thread ids are reused - forget the ones that exit
    LockGuard<FastMutexLock> guard(s_Lock);
    s_Tids.Erase(HandleToULong(ThreadId));
}

bool ThreadShield::Add(ULONG tid)
{
    LockGuard<FastMutexLock> guard(s_Lock);
    return s_Tids.Insert(tid);
}

bool ThreadShield::Remove(ULONG tid)
{
    LockGuard<FastMutexLock> guard(s_Lock);
    return s_Tids.Erase(tid);
}

void ThreadShield::Clear()
{
    LockGuard<FastMutexLock> guard(s_Lock);
    s_Tids.Reset();
}

ULONG ThreadShield::Count()
{
    LockGuard<FastMutexLock> guard(s_Lock);
    return s_Tids.Count();
}

} // namespace hk
