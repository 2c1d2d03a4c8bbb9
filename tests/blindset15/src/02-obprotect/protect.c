#include "common.h"

VOID ProtInitTable(VOID)
{
    ExInitializeFastMutex(&g_Obp.TableLock);
    RtlZeroMemory(g_Obp.Pids, sizeof(g_Obp.Pids));
    g_Obp.PidCount = 0;
}

BOOLEAN ProtIsProtected(ULONG Pid)
{
    BOOLEAN found = FALSE;
    ULONG i;

    ExAcquireFastMutex(&g_Obp.TableLock);
    for (i = 0; i < g_Obp.PidCount; i++) {
        if (g_Obp.Pids[i] == Pid) {
            found = TRUE;
            break;
        }
    }
    ExReleaseFastMutex(&g_Obp.TableLock);
    return found;
}

NTSTATUS ProtAdd(ULONG Pid)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    if (Pid == 0 || Pid == 4) {
        return STATUS_INVALID_PARAMETER;
    }

    ExAcquireFastMutex(&g_Obp.TableLock);
    for (i = 0; i < g_Obp.PidCount; i++) {
        if (g_Obp.Pids[i] == Pid) {
            goto out;
        }
    }
    if (g_Obp.PidCount == OBP_MAX_PROTECTED) {
        status = STATUS_TOO_MANY_NAMES;
        goto out;
    }
    g_Obp.Pids[g_Obp.PidCount++] = Pid;
out:
    ExReleaseFastMutex(&g_Obp.TableLock);
    return status;
}

NTSTATUS ProtRemove(ULONG Pid)
{
    NTSTATUS status = STATUS_NOT_FOUND;
    ULONG i;

    ExAcquireFastMutex(&g_Obp.TableLock);
    for (i = 0; i < g_Obp.PidCount; i++) {
        if (g_Obp.Pids[i] == Pid) {
            g_Obp.Pids[i] = g_Obp.Pids[g_Obp.PidCount - 1];
            g_Obp.PidCount--;
            status = STATUS_SUCCESS;
            break;
        }
    }
    ExReleaseFastMutex(&g_Obp.TableLock);
    return status;
}

VOID ProtClear(VOID)
{
    ExAcquireFastMutex(&g_Obp.TableLock);
    g_Obp.PidCount = 0;
    ExReleaseFastMutex(&g_Obp.TableLock);
}

OB_PREOP_CALLBACK_STATUS ProtPreOperation(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info)
{
    ULONG pid;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    pid = HandleToULong(PsGetProcessId((PEPROCESS)Info->Object));
    if (pid == HandleToULong(PsGetCurrentProcessId())) {
        return OB_PREOP_SUCCESS;
    }

    if (!ProtIsProtected(pid)) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~OBP_STRIP_MASK;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~OBP_STRIP_MASK;
    }
    return OB_PREOP_SUCCESS;
}
