#include "guard.h"

GuardState* ProcessGuard::s_State = nullptr;
PVOID       ProcessGuard::s_ObHandle = nullptr;
bool        ProcessGuard::s_NotifyRegistered = false;

NTSTATUS ProcessGuard::RegisterCallbacks(GuardState* State)
{
    // the state has to be visible before the first callback can fire
    s_State = State;

    OB_OPERATION_REGISTRATION ops[2] = {};
    ops[0].ObjectType   = PsProcessType;
    ops[0].Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = PreProcess;
    ops[1].ObjectType   = PsThreadType;
    ops[1].Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[1].PreOperation = PreThread;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version                    = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = ARRAYSIZE(ops);
    RtlInitUnicodeString(&reg.Altitude, PG_ALTITUDE);
    reg.RegistrationContext        = State;
    reg.OperationRegistration      = ops;

    if (auto status = ObRegisterCallbacks(&reg, &s_ObHandle); !NT_SUCCESS(status)) {
        PgError("ObRegisterCallbacks 0x%08X", status);
        s_ObHandle = nullptr;
        s_State = nullptr;
        return status;
    }

    if (auto status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE); !NT_SUCCESS(status)) {
        PgError("PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
        ObUnRegisterCallbacks(s_ObHandle);
        s_ObHandle = nullptr;
        s_State = nullptr;
        return status;
    }
    s_NotifyRegistered = true;

    return STATUS_SUCCESS;
}

void ProcessGuard::UnregisterCallbacks()
{
    if (s_NotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);
        s_NotifyRegistered = false;
    }
    if (s_ObHandle) {
        ObUnRegisterCallbacks(s_ObHandle);
        s_ObHandle = nullptr;
    }
    s_State = nullptr;
}

OB_PREOP_CALLBACK_STATUS ProcessGuard::PreProcess(PVOID Context, POB_PRE_OPERATION_INFORMATION Info)
{
    auto state = static_cast<GuardState*>(Context);
    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    auto process = static_cast<PEPROCESS>(Info->Object);
    if (process == PsGetCurrentProcess() || !state->IsProtected(PsGetProcessId(process))) {
        return OB_PREOP_SUCCESS;
    }

    auto& access = (Info->Operation == OB_OPERATION_HANDLE_CREATE)
                       ? Info->Parameters->CreateHandleInformation.DesiredAccess
                       : Info->Parameters->DuplicateHandleInformation.DesiredAccess;
    access &= ~kProcessStrip;
    return OB_PREOP_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS ProcessGuard::PreThread(PVOID Context, POB_PRE_OPERATION_INFORMATION Info)
{
    auto state = static_cast<GuardState*>(Context);
    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    const HANDLE owner = PsGetThreadProcessId(static_cast<PETHREAD>(Info->Object));
    if (owner == PsGetCurrentProcessId() || !state->IsProtected(owner)) {
        return OB_PREOP_SUCCESS;
    }

    auto& access = (Info->Operation == OB_OPERATION_HANDLE_CREATE)
                       ? Info->Parameters->CreateHandleInformation.DesiredAccess
                       : Info->Parameters->DuplicateHandleInformation.DesiredAccess;
    access &= ~kThreadStrip;
    return OB_PREOP_SUCCESS;
}

void ProcessGuard::OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    // a pid is recycled after exit, so drop it from the protected set
    if (CreateInfo == nullptr && s_State->Unprotect(ProcessId)) {
        PgLog("protected pid %p exited", ProcessId);
    }
}
