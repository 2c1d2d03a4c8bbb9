//
// protect.c - pid table + object manager callbacks
//
#include "obguard.h"

static OB_OPERATION_REGISTRATION g_ObOps[2];

BOOLEAN ObgInitPidTable(VOID)
{
    POBG_PID_TABLE table;

    table = (POBG_PID_TABLE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(OBG_PID_TABLE), OBG_TAG);
    if (table == NULL) {
        return FALSE;
    }

    KeInitializeSpinLock(&table->Lock);
    table->Count = 0;
    g_Obg.Table = table;
    return TRUE;
}

VOID ObgFreePidTable(VOID)
{
    if (g_Obg.Table != NULL) {
        ExFreePoolWithTag(g_Obg.Table, OBG_TAG);
        g_Obg.Table = NULL;
    }
}

BOOLEAN ObgIsProtected(_In_ HANDLE Pid)
{
    POBG_PID_TABLE t = g_Obg.Table;
    BOOLEAN hit = FALSE;
    KIRQL irql;
    ULONG i;

    if (t == NULL || Pid == NULL) {
        return FALSE;
    }

    KeAcquireSpinLock(&t->Lock, &irql);
    for (i = 0; i < t->Count; i++) {
        if (t->Pids[i] == Pid) {
            hit = TRUE;
            break;
        }
    }
    KeReleaseSpinLock(&t->Lock, irql);
    return hit;
}

NTSTATUS ObgAddPid(_In_ HANDLE Pid)
{
    POBG_PID_TABLE t = g_Obg.Table;
    NTSTATUS status = STATUS_SUCCESS;
    KIRQL irql;
    ULONG i;

    KeAcquireSpinLock(&t->Lock, &irql);
    for (i = 0; i < t->Count; i++) {
        if (t->Pids[i] == Pid) {
            goto out;           // already there, nothing to do
        }
    }
    if (t->Count >= OBG_MAX_PIDS) {
        status = STATUS_QUOTA_EXCEEDED;
    } else {
        t->Pids[t->Count++] = Pid;
    }
out:
    KeReleaseSpinLock(&t->Lock, irql);
    return status;
}

NTSTATUS ObgRemovePid(_In_ HANDLE Pid)
{
    POBG_PID_TABLE t = g_Obg.Table;
    NTSTATUS status = STATUS_NOT_FOUND;
    KIRQL irql;
    ULONG i;

    KeAcquireSpinLock(&t->Lock, &irql);
    for (i = 0; i < t->Count; i++) {
        if (t->Pids[i] == Pid) {
            t->Pids[i] = t->Pids[--t->Count];   // swap-remove, order doesn't matter
            status = STATUS_SUCCESS;
            break;
        }
    }
    KeReleaseSpinLock(&t->Lock, irql);
    return status;
}

VOID ObgClearPids(VOID)
{
    KIRQL irql;
    KeAcquireSpinLock(&g_Obg.Table->Lock, &irql);
    g_Obg.Table->Count = 0;
    KeReleaseSpinLock(&g_Obg.Table->Lock, irql);
}

ULONG ObgPidCount(VOID)
{
    return g_Obg.Table ? g_Obg.Table->Count : 0;
}

static ACCESS_MASK *ObgDesiredAccess(_In_ POB_PRE_OPERATION_INFORMATION Info)
{
    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        return &Info->Parameters->CreateHandleInformation.DesiredAccess;
    }
    return &Info->Parameters->DuplicateHandleInformation.DesiredAccess;
}

static OB_PREOP_CALLBACK_STATUS
ObgPreProcess(_In_ PVOID RegistrationContext, _Inout_ POB_PRE_OPERATION_INFORMATION Info)
{
    HANDLE target;
    ACCESS_MASK *access;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    target = PsGetProcessId((PEPROCESS)Info->Object);
    if (target == PsGetCurrentProcessId() || !ObgIsProtected(target)) {
        return OB_PREOP_SUCCESS;
    }

    access = ObgDesiredAccess(Info);
    if (*access & OBG_PROCESS_STRIP) {
        *access &= ~OBG_PROCESS_STRIP;
        InterlockedIncrement(&g_Obg.ProcessStrips);
    }
    return OB_PREOP_SUCCESS;
}

static OB_PREOP_CALLBACK_STATUS
ObgPreThread(_In_ PVOID RegistrationContext, _Inout_ POB_PRE_OPERATION_INFORMATION Info)
{
    HANDLE owner;
    ACCESS_MASK *access;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    owner = PsGetThreadProcessId((PETHREAD)Info->Object);
    if (owner == PsGetCurrentProcessId() || !ObgIsProtected(owner)) {
        return OB_PREOP_SUCCESS;
    }

    access = ObgDesiredAccess(Info);
    if (*access & OBG_THREAD_STRIP) {
        *access &= ~OBG_THREAD_STRIP;
        InterlockedIncrement(&g_Obg.ThreadStrips);
    }
    return OB_PREOP_SUCCESS;
}

NTSTATUS ObgRegisterObCallbacks(VOID)
{
    OB_CALLBACK_REGISTRATION reg;

    RtlZeroMemory(g_ObOps, sizeof(g_ObOps));
    g_ObOps[0].ObjectType   = PsProcessType;
    g_ObOps[0].Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    g_ObOps[0].PreOperation = ObgPreProcess;
    g_ObOps[1].ObjectType   = PsThreadType;
    g_ObOps[1].Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    g_ObOps[1].PreOperation = ObgPreThread;

    RtlZeroMemory(&reg, sizeof(reg));
    reg.Version                    = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = RTL_NUMBER_OF(g_ObOps);
    reg.RegistrationContext        = NULL;
    reg.OperationRegistration      = g_ObOps;
    RtlInitUnicodeString(&reg.Altitude, OBG_ALTITUDE);

    return ObRegisterCallbacks(&reg, &g_Obg.ObRegHandle);
}

VOID ObgUnregisterObCallbacks(VOID)
{
    if (g_Obg.ObRegHandle != NULL) {
        ObUnRegisterCallbacks(g_Obg.ObRegHandle);
        g_Obg.ObRegHandle = NULL;
    }
}
