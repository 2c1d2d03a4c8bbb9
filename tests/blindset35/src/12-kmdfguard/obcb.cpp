//
// obcb.cpp - object manager callbacks
//
#include "guard.h"

namespace guard {

PVOID ObGuard::s_handle = nullptr;

OB_PREOP_CALLBACK_STATUS ObGuard::PreProcess(PVOID, POB_PRE_OPERATION_INFORMATION info)
{
    if (info->KernelHandle)
        return OB_PREOP_SUCCESS;

    auto target = static_cast<PEPROCESS>(info->Object);
    if (target == PsGetCurrentProcess())
        return OB_PREOP_SUCCESS;

    if (!PidSet::Contains(HandleToULong(PsGetProcessId(target))))
        return OB_PREOP_SUCCESS;

    auto& access = (info->Operation == OB_OPERATION_HANDLE_CREATE)
                       ? info->Parameters->CreateHandleInformation.DesiredAccess
                       : info->Parameters->DuplicateHandleInformation.DesiredAccess;
    access &= ~static_cast<ACCESS_MASK>(GUARD_PROCESS_STRIP);
    return OB_PREOP_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS ObGuard::PreThread(PVOID, POB_PRE_OPERATION_INFORMATION info)
{
    if (info->KernelHandle)
        return OB_PREOP_SUCCESS;

    auto thread = static_cast<PETHREAD>(info->Object);
    ULONG owner = HandleToULong(PsGetThreadProcessId(thread));

    // threads of the protected process may still manage each other
    if (owner == HandleToULong(PsGetCurrentProcessId()) || !PidSet::Contains(owner))
        return OB_PREOP_SUCCESS;

    auto& access = (info->Operation == OB_OPERATION_HANDLE_CREATE)
                       ? info->Parameters->CreateHandleInformation.DesiredAccess
                       : info->Parameters->DuplicateHandleInformation.DesiredAccess;
    access &= ~static_cast<ACCESS_MASK>(GUARD_THREAD_STRIP);
    return OB_PREOP_SUCCESS;
}

NTSTATUS ObGuard::Register()
{
    OB_OPERATION_REGISTRATION ops[2] = {};

    ops[0].ObjectType = PsProcessType;
    ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = PreProcess;

    ops[1].ObjectType = PsThreadType;
    ops[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[1].PreOperation = PreThread;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = RTL_NUMBER_OF(ops);
    RtlInitUnicodeString(&reg.Altitude, GUARD_ALTITUDE);
    reg.RegistrationContext = nullptr;
    reg.OperationRegistration = ops;

    auto status = ObRegisterCallbacks(&reg, &s_handle);
    if (!NT_SUCCESS(status)) {
        GERROR("ObRegisterCallbacks failed 0x%08X", status);
        s_handle = nullptr;
    }
    return status;
}

void ObGuard::Unregister()
{
    if (s_handle) {
        ObUnRegisterCallbacks(s_handle);
        s_handle = nullptr;
    }
}

} // namespace guard
