#include "obguard.h"

BOOLEAN ObgIsProtected(ULONG Pid)
{
    KIRQL irql;
    ULONG i;
    BOOLEAN found = FALSE;

    KeAcquireSpinLock(&g_Obg.PidLock, &irql);
    for (i = 0; i < g_Obg.PidCount; i++) {
        if (g_Obg.Pids[i] == Pid) {
            found = TRUE;
            break;
        }
    }
    KeReleaseSpinLock(&g_Obg.PidLock, irql);
    return found;
}

NTSTATUS ObgAddPid(ULONG Pid)
{
    KIRQL irql;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    if (Pid == 0 || Pid == 4) {
        return STATUS_INVALID_PARAMETER;
    }

    KeAcquireSpinLock(&g_Obg.PidLock, &irql);
    for (i = 0; i < g_Obg.PidCount; i++) {
        if (g_Obg.Pids[i] == Pid) {
            goto Out;
        }
    }
    if (g_Obg.PidCount == OBG_MAX_PIDS) {
        status = STATUS_QUOTA_EXCEEDED;
        goto Out;
    }
    g_Obg.Pids[g_Obg.PidCount++] = Pid;
Out:
    KeReleaseSpinLock(&g_Obg.PidLock, irql);
    return status;
}

NTSTATUS ObgRemovePid(ULONG Pid)
{
    KIRQL irql;
    ULONG i;
    NTSTATUS status = STATUS_NOT_FOUND;

    KeAcquireSpinLock(&g_Obg.PidLock, &irql);
    for (i = 0; i < g_Obg.PidCount; i++) {
        if (g_Obg.Pids[i] == Pid) {
            /* move the last one into the hole */
            g_Obg.Pids[i] = g_Obg.Pids[g_Obg.PidCount - 1];
            g_Obg.PidCount--;
            status = STATUS_SUCCESS;
            break;
        }
    }
    KeReleaseSpinLock(&g_Obg.PidLock, irql);
    return status;
}

VOID ObgClearPids(VOID)
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Obg.PidLock, &irql);
    g_Obg.PidCount = 0;
    KeReleaseSpinLock(&g_Obg.PidLock, irql);
}

static VOID ObgStrip(POB_PRE_OPERATION_INFORMATION Info, ACCESS_MASK Strip, BOOLEAN AuditOnly)
{
    PACCESS_MASK desired;

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        desired = &Info->Parameters->CreateHandleInformation.DesiredAccess;
    } else {
        desired = &Info->Parameters->DuplicateHandleInformation.DesiredAccess;
    }

    if ((*desired & Strip) == 0) {
        return;
    }

    if (AuditOnly) {
        OBG_PRINT("would strip 0x%08X (pid %lu)", *desired & Strip,
                  HandleToULong(PsGetCurrentProcessId()));
        return;
    }
    *desired &= ~Strip;
}

OB_PREOP_CALLBACK_STATUS ObgPreProcessHandle(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    POBG_SETTINGS settings = (POBG_SETTINGS)RegistrationContext;
    PEPROCESS target = (PEPROCESS)Info->Object;
    ULONG pid;

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    pid = HandleToULong(PsGetProcessId(target));
    if (target == PsGetCurrentProcess() || !ObgIsProtected(pid)) {
        return OB_PREOP_SUCCESS;
    }

    ObgStrip(Info, settings->ProcessStrip, settings->AuditOnly);
    return OB_PREOP_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS ObgPreThreadHandle(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    POBG_SETTINGS settings = (POBG_SETTINGS)RegistrationContext;
    PETHREAD thread = (PETHREAD)Info->Object;
    ULONG ownerPid;

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    ownerPid = HandleToULong(PsGetThreadProcessId(thread));
    if (ownerPid == HandleToULong(PsGetCurrentProcessId()) || !ObgIsProtected(ownerPid)) {
        return OB_PREOP_SUCCESS;
    }

    ObgStrip(Info, settings->ThreadStrip, settings->AuditOnly);
    return OB_PREOP_SUCCESS;
}
