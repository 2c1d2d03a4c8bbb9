/*
 * callbacks.c - the object manager pre-operation callbacks and the pid table
 */
#include "protect.h"

PROTECT_STATE g_Protect;

BOOLEAN ProtectIsProtected(HANDLE Pid)
{
    KIRQL irql;
    ULONG i;
    BOOLEAN found = FALSE;

    KeAcquireSpinLock(&g_Protect.Lock, &irql);
    for (i = 0; i < g_Protect.Count; i++) {
        if (g_Protect.Pids[i] == Pid) {
            found = TRUE;
            break;
        }
    }
    KeReleaseSpinLock(&g_Protect.Lock, irql);
    return found;
}

NTSTATUS ProtectAdd(HANDLE Pid)
{
    KIRQL irql;
    NTSTATUS status = STATUS_SUCCESS;

    if (ProtectIsProtected(Pid)) {
        return STATUS_SUCCESS;
    }

    KeAcquireSpinLock(&g_Protect.Lock, &irql);
    if (g_Protect.Count < PROTECT_MAX_PIDS) {
        g_Protect.Pids[g_Protect.Count++] = Pid;
    } else {
        status = STATUS_INSUFFICIENT_RESOURCES;
    }
    KeReleaseSpinLock(&g_Protect.Lock, irql);
    return status;
}

VOID ProtectClear(VOID)
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Protect.Lock, &irql);
    RtlZeroMemory(g_Protect.Pids, sizeof(g_Protect.Pids));
    g_Protect.Count = 0;
    KeReleaseSpinLock(&g_Protect.Lock, irql);
}

static VOID StripAccess(POB_PRE_OPERATION_INFORMATION Info, ACCESS_MASK Mask)
{
    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~Mask;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~Mask;
    }
}

OB_PREOP_CALLBACK_STATUS ProtectPreProcess(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    PPROTECT_CONFIG cfg = (PPROTECT_CONFIG)RegistrationContext;
    HANDLE target;

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    target = PsGetProcessId((PEPROCESS)Info->Object);
    if (target == PsGetCurrentProcessId() || !ProtectIsProtected(target)) {
        return OB_PREOP_SUCCESS;
    }

    if (cfg->LogOnly) {
        LOG("process %p opened pid %p", PsGetCurrentProcessId(), target);
        return OB_PREOP_SUCCESS;
    }

    StripAccess(Info, cfg->StripProcess);
    return OB_PREOP_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS ProtectPreThread(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    PPROTECT_CONFIG cfg = (PPROTECT_CONFIG)RegistrationContext;
    HANDLE owner;

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    owner = PsGetThreadProcessId((PETHREAD)Info->Object);
    if (owner == PsGetCurrentProcessId() || !ProtectIsProtected(owner)) {
        return OB_PREOP_SUCCESS;
    }

    if (!cfg->LogOnly) {
        StripAccess(Info, cfg->StripThread);
    }
    return OB_PREOP_SUCCESS;
}
