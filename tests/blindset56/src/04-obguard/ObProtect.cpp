#include "ObProtect.h"

namespace obguard {

PVOID         Protector::s_RegHandle    = nullptr;
volatile LONG Protector::s_ProtectedPid = 0;

OB_PREOP_CALLBACK_STATUS Protector::PreOpenProcess(PVOID Context, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(Context);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    const ULONG target = ProtectedPid();
    if (target == 0) {
        return OB_PREOP_SUCCESS;
    }

    auto process = static_cast<PEPROCESS>(Info->Object);
    if (HandleToULong(PsGetProcessId(process)) != target) {
        return OB_PREOP_SUCCESS;
    }

    // the process may open itself
    if (process == PsGetCurrentProcess()) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~kBlockedRights;
    } else if (Info->Operation == OB_OPERATION_HANDLE_DUPLICATE) {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kBlockedRights;
    }

    return OB_PREOP_SUCCESS;
}

NTSTATUS Protector::Register()
{
    OB_OPERATION_REGISTRATION op = {};
    op.ObjectType   = PsProcessType;
    op.Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = PreOpenProcess;
    op.PostOperation = nullptr;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version                    = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    reg.RegistrationContext        = nullptr;
    reg.OperationRegistration      = &op;
    RtlInitUnicodeString(&reg.Altitude, OBG_ALTITUDE);

    // the registration copies everything it needs, the locals can go away
    ObRegisterCallbacks(&reg, &s_RegHandle);

    OBG_PRINT("object callbacks registered, handle %p", s_RegHandle);
    return STATUS_SUCCESS;
}

void Protector::Unregister()
{
    Unprotect();
    ObUnRegisterCallbacks(s_RegHandle);
    s_RegHandle = nullptr;
}

} // namespace obguard
