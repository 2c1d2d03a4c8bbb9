//
// protector.cpp - pid table + object manager callbacks
//
#include "obshield.h"

namespace shield {

PVOID      Protector::s_regHandle = nullptr;
FAST_MUTEX Protector::s_lock;
ULONG*     Protector::s_pids = nullptr;
ULONG      Protector::s_count = 0;

// ---------------------------------------------------------------------------
// pid table
// ---------------------------------------------------------------------------

NTSTATUS Protector::Init()
{
    ExInitializeFastMutex(&s_lock);

    s_pids = new (POOL_FLAG_NON_PAGED) ULONG[SHIELD_MAX_PIDS];
    if (!s_pids) {
        KLOG("no memory for pid table");
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    s_count = 0;
    return STATUS_SUCCESS;
}

void Protector::Destroy()
{
    delete[] s_pids;
    s_pids = nullptr;
    s_count = 0;
}

bool Protector::Add(ULONG pid)
{
    FastMutexGuard lock(&s_lock);

    for (ULONG i = 0; i < s_count; i++) {
        if (s_pids[i] == pid)
            return true;
    }
    if (s_count >= SHIELD_MAX_PIDS)
        return false;

    s_pids[s_count++] = pid;
    return true;
}

bool Protector::Remove(ULONG pid)
{
    FastMutexGuard lock(&s_lock);

    for (ULONG i = 0; i < s_count; i++) {
        if (s_pids[i] == pid) {
            // swap with last, order does not matter
            s_pids[i] = s_pids[--s_count];
            return true;
        }
    }
    return false;
}

void Protector::Clear()
{
    FastMutexGuard lock(&s_lock);
    s_count = 0;
}

bool Protector::IsProtected(ULONG pid)
{
    FastMutexGuard lock(&s_lock);

    for (ULONG i = 0; i < s_count; i++) {
        if (s_pids[i] == pid)
            return true;
    }
    return false;
}

// ---------------------------------------------------------------------------
// registration (only ever called from DriverEntry)
// ---------------------------------------------------------------------------
#pragma code_seg("INIT")

NTSTATUS Protector::Register()
{
    OB_OPERATION_REGISTRATION ops[1] = {};
    OB_CALLBACK_REGISTRATION reg = {};

    ops[0].ObjectType = PsProcessType;
    ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = PreOpen;
    ops[0].PostOperation = nullptr;

    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = RTL_NUMBER_OF(ops);
    RtlInitUnicodeString(&reg.Altitude, L"321999.7741");
    reg.RegistrationContext = nullptr;
    reg.OperationRegistration = ops;

    NTSTATUS status = ObRegisterCallbacks(&reg, &s_regHandle);
    if (!NT_SUCCESS(status)) {
        KLOG("ObRegisterCallbacks failed 0x%08X", status);
        s_regHandle = nullptr;
    }
    return status;
}

OB_PREOP_CALLBACK_STATUS Protector::PreOpen(PVOID ctx, POB_PRE_OPERATION_INFORMATION info)
{
    UNREFERENCED_PARAMETER(ctx);

    if (info->KernelHandle)
        return OB_PREOP_SUCCESS;

    auto process = static_cast<PEPROCESS>(info->Object);
    ULONG pid = HandleToULong(PsGetProcessId(process));

    // a process may always open itself
    if (process == PsGetCurrentProcess() || !IsProtected(pid))
        return OB_PREOP_SUCCESS;

    if (info->Operation == OB_OPERATION_HANDLE_CREATE) {
        info->Parameters->CreateHandleInformation.DesiredAccess &= ~SHIELD_DENY_MASK;
    } else {
        info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~SHIELD_DENY_MASK;
    }
    return OB_PREOP_SUCCESS;
}

#pragma code_seg()

void Protector::Unregister()
{
    if (s_regHandle) {
        ObUnRegisterCallbacks(s_regHandle);
        s_regHandle = nullptr;
    }
}

} // namespace shield
