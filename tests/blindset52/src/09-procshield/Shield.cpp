#include "Shield.h"

namespace ps {

ShieldState g_State;

namespace {

OB_OPERATION_REGISTRATION s_Ops[2];

// index of pid in the table or kMaxProtected; caller holds the lock
ULONG FindLocked(HANDLE pid)
{
    for (ULONG i = 0; i < g_State.Count; i++) {
        if (g_State.Pids[i] == pid) {
            return i;
        }
    }
    return kMaxProtected;
}

ACCESS_MASK* DesiredAccessOf(POB_PRE_OPERATION_INFORMATION info)
{
    return info->Operation == OB_OPERATION_HANDLE_CREATE
        ? &info->Parameters->CreateHandleInformation.DesiredAccess
        : &info->Parameters->DuplicateHandleInformation.DesiredAccess;
}

template <ACCESS_MASK Deny>
void Strip(POB_PRE_OPERATION_INFORMATION info, HANDLE owner)
{
    if (owner == PsGetCurrentProcessId() || !Shield::IsProtected(owner)) {
        return;
    }
    ACCESS_MASK* access = DesiredAccessOf(info);
    if (*access & Deny) {
        *access &= ~Deny;
        InterlockedIncrement(&g_State.Denied);
    }
}

OB_PREOP_CALLBACK_STATUS PreProcess(PVOID, POB_PRE_OPERATION_INFORMATION info)
{
    if (!info->KernelHandle) {
        Strip<kDenyProcess>(info, PsGetProcessId(static_cast<PEPROCESS>(info->Object)));
    }
    return OB_PREOP_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS PreThread(PVOID, POB_PRE_OPERATION_INFORMATION info)
{
    if (!info->KernelHandle) {
        Strip<kDenyThread>(info, PsGetThreadProcessId(static_cast<PETHREAD>(info->Object)));
    }
    return OB_PREOP_SUCCESS;
}

} // namespace

bool Shield::IsProtected(HANDLE pid)
{
    SharedGuard guard(g_State.Lock);
    return FindLocked(pid) != kMaxProtected;
}

NTSTATUS Shield::Add(HANDLE pid)
{
    ExclusiveGuard guard(g_State.Lock);
    if (FindLocked(pid) != kMaxProtected) {
        return STATUS_SUCCESS;
    }
    if (g_State.Count == kMaxProtected) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_State.Pids[g_State.Count++] = pid;
    return STATUS_SUCCESS;
}

NTSTATUS Shield::Remove(HANDLE pid)
{
    ExclusiveGuard guard(g_State.Lock);
    ULONG i = FindLocked(pid);
    if (i == kMaxProtected) {
        return STATUS_NOT_FOUND;
    }
    g_State.Pids[i] = g_State.Pids[--g_State.Count];
    return STATUS_SUCCESS;
}

void Shield::OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    // pids get recycled: forget a protected pid as soon as it exits
    if (CreateInfo == nullptr && NT_SUCCESS(Remove(ProcessId))) {
        PS_DBG("protected pid %p exited", ProcessId);
    }
}

NTSTATUS Shield::RegisterObCallbacks()
{
    s_Ops[0].ObjectType   = PsProcessType;
    s_Ops[0].Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    s_Ops[0].PreOperation = PreProcess;
    s_Ops[1].ObjectType   = PsThreadType;
    s_Ops[1].Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    s_Ops[1].PreOperation = PreThread;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version                    = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = static_cast<USHORT>(RTL_NUMBER_OF(s_Ops));
    reg.OperationRegistration      = s_Ops;
    RtlInitUnicodeString(&reg.Altitude, PS_ALTITUDE);

    return ObRegisterCallbacks(&reg, &g_State.ObHandle);
}

void Shield::UnregisterObCallbacks()
{
    if (g_State.ObHandle) {
        ObUnRegisterCallbacks(g_State.ObHandle);
        g_State.ObHandle = nullptr;
    }
}

} // namespace ps
