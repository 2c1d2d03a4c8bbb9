#include "Guard.h"
#include "ProtectedList.h"

ObGuard g_ObGuard;
ProcessWatcher g_Watcher;

//
// ObGuard
//
bool ObGuard::Register()
{
    OB_OPERATION_REGISTRATION ops[2] = {};

    ops[0].ObjectType = PsProcessType;
    ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = PreOpenProcess;

    ops[1].ObjectType = PsThreadType;
    ops[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[1].PreOperation = PreOpenThread;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = ARRAYSIZE(ops);
    reg.OperationRegistration = ops;
    reg.RegistrationContext = this;
    RtlInitUnicodeString(&reg.Altitude, L"321337.42");

    NTSTATUS status = ObRegisterCallbacks(&reg, &m_regHandle);
    if (!NT_SUCCESS(status)) {
        OBG_ERR("ObRegisterCallbacks failed 0x%08X", status);
        return false;
    }
    OBG_LOG("object callbacks registered");
    return true;
}

void ObGuard::Unregister()
{
    ObUnRegisterCallbacks(m_regHandle);
    m_regHandle = nullptr;
}

OB_PREOP_CALLBACK_STATUS ObGuard::PreOpenProcess(PVOID context, POB_PRE_OPERATION_INFORMATION info)
{
    UNREFERENCED_PARAMETER(context);

    if (info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    HANDLE target = PsGetProcessId(static_cast<PEPROCESS>(info->Object));
    if (target == PsGetCurrentProcessId() || !g_Protected.Contains(target)) {
        return OB_PREOP_SUCCESS;
    }

    if (info->Operation == OB_OPERATION_HANDLE_CREATE) {
        info->Parameters->CreateHandleInformation.DesiredAccess &= ~kStrippedProcessAccess;
    } else {
        info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kStrippedProcessAccess;
    }
    return OB_PREOP_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS ObGuard::PreOpenThread(PVOID context, POB_PRE_OPERATION_INFORMATION info)
{
    UNREFERENCED_PARAMETER(context);

    if (info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    HANDLE owner = PsGetThreadProcessId(static_cast<PETHREAD>(info->Object));
    if (owner == PsGetCurrentProcessId() || !g_Protected.Contains(owner)) {
        return OB_PREOP_SUCCESS;
    }

    if (info->Operation == OB_OPERATION_HANDLE_CREATE) {
        info->Parameters->CreateHandleInformation.DesiredAccess &= ~kStrippedThreadAccess;
    } else {
        info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kStrippedThreadAccess;
    }
    return OB_PREOP_SUCCESS;
}

//
// ProcessWatcher
//
NTSTATUS ProcessWatcher::Start()
{
    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
    if (NT_SUCCESS(status)) {
        m_registered = true;
    }
    return status;
}

void ProcessWatcher::Stop()
{
    if (m_registered) {
        PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);
        m_registered = false;
    }
}

void ProcessWatcher::OnProcessNotify(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO info)
{
    UNREFERENCED_PARAMETER(process);

    if (info) {
        if (g_Protected.MatchesTarget(info->ImageFileName)) {
            if (g_Protected.Add(pid)) {
                OBG_LOG("protecting game process %p", pid);
            }
        }
    } else {
        g_Protected.Remove(pid);
    }
}
