//
// Callbacks.cpp - the ObRegisterCallbacks part
//
#include "Shield.h"

namespace {

OB_PREOP_CALLBACK_STATUS PreOpenProcess(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;          // leave the kernel alone
    }

    auto process = static_cast<PEPROCESS>(Info->Object);
    LONG target = g_State.TargetPid;
    if (target == 0 || HandleToLong(PsGetProcessId(process)) != target) {
        return OB_PREOP_SUCCESS;
    }

    // the game itself may do whatever it wants with its own handles
    if (PsGetCurrentProcess() == process) {
        return OB_PREOP_SUCCESS;
    }

    ACCESS_MASK* access = nullptr;
    switch (Info->Operation) {
    case OB_OPERATION_HANDLE_CREATE:
        access = &Info->Parameters->CreateHandleInformation.DesiredAccess;
        break;
    case OB_OPERATION_HANDLE_DUPLICATE:
        access = &Info->Parameters->DuplicateHandleInformation.DesiredAccess;
        break;
    default:
        return OB_PREOP_SUCCESS;
    }

    if (*access & SHIELD_STRIP_MASK) {
        *access &= ~SHIELD_STRIP_MASK;
        InterlockedIncrement(&g_State.Stripped);
    }
    return OB_PREOP_SUCCESS;
}

} // namespace

NTSTATUS shield::RegisterObCallbacks()
{
    OB_OPERATION_REGISTRATION op = {};
    op.ObjectType   = PsProcessType;
    op.Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = PreOpenProcess;
    op.PostOperation = nullptr;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version                    = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&reg.Altitude, SHIELD_ALTITUDE);
    reg.RegistrationContext        = nullptr;
    reg.OperationRegistration      = &op;

    return ObRegisterCallbacks(&reg, &g_State.RegHandle);
}

void shield::UnregisterObCallbacks()
{
    if (g_State.RegHandle != nullptr) {
        ObUnRegisterCallbacks(g_State.RegHandle);
        g_State.RegHandle = nullptr;
    }
}
