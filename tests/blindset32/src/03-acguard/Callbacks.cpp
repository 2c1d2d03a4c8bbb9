#include "Guard.h"

namespace {

PVOID g_ObHandle = nullptr;
bool  g_ProcessWatchActive = false;

constexpr ACCESS_MASK kStrippedRights = PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_VM_OPERATION;

VOID
OnProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == nullptr) {
        // exit: forget the pid so a recycled id is not protected by accident
        g_Protected.Remove(ProcessId);
    }
}

OB_PREOP_CALLBACK_STATUS
OnPreOpenProcess(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    )
{
    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }
    HANDLE targetPid = PsGetProcessId(static_cast<PEPROCESS>(Info->Object));
    if (targetPid == PsGetCurrentProcessId() || !g_Protected.Contains(targetPid)) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~kStrippedRights;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kStrippedRights;
    }
    return OB_PREOP_SUCCESS;
}

} // namespace

namespace Guard {
namespace ProcessWatch {

NTSTATUS
Start()
{
    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
    if (NT_SUCCESS(status)) {
        g_ProcessWatchActive = true;
    }
    return status;
}

void
Stop()
{
    if (g_ProcessWatchActive) {
        PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);
        g_ProcessWatchActive = false;
    }
}

} // namespace ProcessWatch

namespace HandleGuard {

NTSTATUS
Start(
    _In_ PCUNICODE_STRING Altitude
    )
{
    OB_OPERATION_REGISTRATION op = {};
    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = OnPreOpenProcess;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    reg.Altitude = *Altitude;
    reg.OperationRegistration = &op;

    return ObRegisterCallbacks(&reg, &g_ObHandle);
}

void
Stop()
{
    if (g_ObHandle != nullptr) {
        ObUnRegisterCallbacks(g_ObHandle);
        g_ObHandle = nullptr;
    }
}

} // namespace HandleGuard
} // namespace Guard
