// Guardian - protects a list of process names from being opened for
// VM_WRITE / TERMINATE and remembers their PIDs via a process notify routine.
// C++ kernel driver (no CRT, no exceptions)
#include <ntddk.h>

#define GD_TAG 'draG'
#define LOG(fmt, ...) KdPrint(("Guardian: " fmt "\n", __VA_ARGS__))

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE 0x0001
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE 0x0020
#endif

namespace guardian {

class ProcessGuard {
public:
    NTSTATUS Init();
    void Cleanup();
    bool IsProtected(HANDLE pid) const;

private:
    static OB_PREOP_CALLBACK_STATUS PreOpen(PVOID ctx, POB_PRE_OPERATION_INFORMATION info);
    static void OnProcess(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO info);

    enum { MaxPids = 32 };
    HANDLE m_Pids[MaxPids] = {};
    FAST_MUTEX m_Lock;
    PVOID m_ObHandle = nullptr;
    bool m_ObRegistered = false;
    bool m_NotifyRegistered = false;
};

static ProcessGuard g_Guard;   // no constructor side effects, safe as a global

bool ProcessGuard::IsProtected(HANDLE pid) const
{
    for (auto p : m_Pids)
        if (p && p == pid)
            return true;
    return false;
}

OB_PREOP_CALLBACK_STATUS ProcessGuard::PreOpen(PVOID ctx, POB_PRE_OPERATION_INFORMATION info)
{
    auto self = static_cast<ProcessGuard*>(ctx);
    if (info->KernelHandle)
        return OB_PREOP_SUCCESS;
    HANDLE pid = PsGetProcessId(static_cast<PEPROCESS>(info->Object));
    if (self->IsProtected(pid) && pid != PsGetCurrentProcessId()) {
        ACCESS_MASK strip = PROCESS_TERMINATE | PROCESS_VM_WRITE;
        if (info->Operation == OB_OPERATION_HANDLE_CREATE)
            info->Parameters->CreateHandleInformation.DesiredAccess &= ~strip;
        else
            info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~strip;
    }
    return OB_PREOP_SUCCESS;
}

void ProcessGuard::OnProcess(PEPROCESS, HANDLE pid, PPS_CREATE_NOTIFY_INFO info)
{
    static const UNICODE_STRING kName = RTL_CONSTANT_STRING(L"\\vault.exe");
    ExAcquireFastMutex(&g_Guard.m_Lock);
    if (info && info->ImageFileName && info->ImageFileName->Length >= kName.Length) {
        UNICODE_STRING tail{ kName.Length, kName.Length,
            (PWCH)((PUCHAR)info->ImageFileName->Buffer + info->ImageFileName->Length - kName.Length) };
        if (RtlEqualUnicodeString(&tail, &kName, TRUE)) {
            for (auto& slot : g_Guard.m_Pids)
                if (!slot) { slot = pid; break; }
        }
    } else if (!info) {
        for (auto& slot : g_Guard.m_Pids)
            if (slot == pid) slot = nullptr;
    }
    ExReleaseFastMutex(&g_Guard.m_Lock);
}

NTSTATUS ProcessGuard::Init()
{
    ExInitializeFastMutex(&m_Lock);

    OB_OPERATION_REGISTRATION ops[1] = {};
    ops[0].ObjectType = PsProcessType;
    ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = PreOpen;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    reg.Altitude = RTL_CONSTANT_STRING(L"370123.5");
    reg.RegistrationContext = this;
    reg.OperationRegistration = ops;

    NTSTATUS status = ObRegisterCallbacks(&reg, &m_ObHandle);
    if (!NT_SUCCESS(status)) {
        LOG("ObRegisterCallbacks 0x%X", status);
        return status;
    }
    m_NotifyRegistered = true;

    status = PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                                (PVOID)OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        LOG("PsSetCreateProcessNotifyRoutineEx2 0x%X", status);
        ObUnRegisterCallbacks(m_ObHandle);
        m_ObHandle = nullptr;
        return status;
    }
    m_NotifyRegistered = true;
    return STATUS_SUCCESS;
}

void ProcessGuard::Cleanup()
{
    if (m_NotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems, (PVOID)OnProcess, TRUE);
        m_NotifyRegistered = false;
    }
    if (m_ObRegistered) {
        ObUnRegisterCallbacks(m_ObHandle);
        m_ObHandle = nullptr;
        m_ObRegistered = false;
    }
}

} // namespace guardian

static void GuardianUnload(PDRIVER_OBJECT)
{
    guardian::g_Guard.Cleanup();
    LOG("unloaded%s", "");
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)
{
    NTSTATUS status = guardian::g_Guard.Init();
    if (!NT_SUCCESS(status))
        return status;
    DriverObject->DriverUnload = GuardianUnload;
    return STATUS_SUCCESS;
}
