#include "protector.h"

extern "C" NTKERNELAPI HANDLE PsGetProcessId(PEPROCESS Process);
extern "C" NTKERNELAPI HANDLE PsGetThreadProcessId(PETHREAD Thread);

namespace guardian {

PVOID volatile Protector::s_Target = nullptr;
PVOID          Protector::s_Registration = nullptr;

static UNICODE_STRING s_Altitude = RTL_CONSTANT_STRING(L"328010");

static void StripAccess(POB_PRE_OPERATION_INFORMATION info, ACCESS_MASK bits)
{
    if (info->Operation == OB_OPERATION_HANDLE_CREATE) {
        info->Parameters->CreateHandleInformation.DesiredAccess &= ~bits;
    } else {
        info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~bits;
    }
}

OB_PREOP_CALLBACK_STATUS Protector::OnProcessHandle(PVOID, POB_PRE_OPERATION_INFORMATION info)
{
    auto target = Target();
    if (info->KernelHandle || target == nullptr) {
        return OB_PREOP_SUCCESS;
    }
    auto pid = PsGetProcessId(static_cast<PEPROCESS>(info->Object));
    // the process itself may do what it likes with its own handles
    if (pid == target && PsGetCurrentProcessId() != target) {
        StripAccess(info, Bits(Strip::Process));
    }
    return OB_PREOP_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS Protector::OnThreadHandle(PVOID, POB_PRE_OPERATION_INFORMATION info)
{
    auto target = Target();
    if (info->KernelHandle || target == nullptr) {
        return OB_PREOP_SUCCESS;
    }
    auto pid = PsGetThreadProcessId(static_cast<PETHREAD>(info->Object));
    if (pid == target && PsGetCurrentProcessId() != target) {
        StripAccess(info, Bits(Strip::Thread));
    }
    return OB_PREOP_SUCCESS;
}

NTSTATUS Protector::Register()
{
    OB_OPERATION_REGISTRATION ops[2] = {};

    ops[0].ObjectType = PsProcessType;
    ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = OnProcessHandle;

    ops[1].ObjectType = PsThreadType;
    ops[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[1].PreOperation = OnThreadHandle;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = ARRAYSIZE(ops);
    reg.Altitude = s_Altitude;
    reg.OperationRegistration = ops;

    return ObRegisterCallbacks(&reg, &s_Registration);
}

void Protector::Unregister()
{
    if (s_Registration) {
        ObUnRegisterCallbacks(s_Registration);
        s_Registration = nullptr;
    }
    SetTarget(nullptr);
}

} // namespace guardian
