//
// ObFilter.cpp - process handle pre-operation callback.
//
#include "obguard.h"

namespace obguard {

PVOID ObFilter::s_Handle = nullptr;

OB_PREOP_CALLBACK_STATUS
ObFilter::PreProcessHandle(_In_ PVOID RegistrationContext, _Inout_ POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle || Info->ObjectType != *PsProcessType) {
        return OB_PREOP_SUCCESS;
    }

    const HANDLE target = PsGetProcessId(static_cast<PEPROCESS>(Info->Object));
    if (target == PsGetCurrentProcessId() || !ProcessTracker::IsProtected(target)) {
        return OB_PREOP_SUCCESS;
    }

    auto strip = [](ACCESS_MASK& access) {
        if (access & OG_DENIED_ACCESS) {
            access &= ~OG_DENIED_ACCESS;
            return true;
        }
        return false;
    };

    bool stripped = false;
    switch (Info->Operation) {
    case OB_OPERATION_HANDLE_CREATE:
        stripped = strip(Info->Parameters->CreateHandleInformation.DesiredAccess);
        break;
    case OB_OPERATION_HANDLE_DUPLICATE:
        stripped = strip(Info->Parameters->DuplicateHandleInformation.DesiredAccess);
        break;
    default:
        break;
    }

    if (stripped) {
        OG_LOG("pid %p: stripped access to pid %p", PsGetCurrentProcessId(), target);
    }
    return OB_PREOP_SUCCESS;
}

NTSTATUS
ObFilter::Register(_In_ PCUNICODE_STRING Altitude)
{
    OB_OPERATION_REGISTRATION op = {};
    op.ObjectType    = PsProcessType;
    op.Operations    = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation  = PreProcessHandle;
    op.PostOperation = nullptr;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version                    = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    reg.Altitude                   = *Altitude;
    reg.RegistrationContext        = nullptr;
    reg.OperationRegistration      = &op;

    return ObRegisterCallbacks(&reg, &s_Handle);
}

void
ObFilter::Unregister()
{
    if (s_Handle != nullptr) {
        ObUnRegisterCallbacks(s_Handle);
        s_Handle = nullptr;
    }
}

} // namespace obguard
