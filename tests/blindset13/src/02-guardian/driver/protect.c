/*
 * protect.c - the ObRegisterCallbacks side of guardian and its pid table.
 */
#include "protect.h"

static FAST_MUTEX g_TableLock;
static ULONG g_Pids[GUARDIAN_MAX_PIDS];
static ULONG g_PidCount;

static UNICODE_STRING g_Altitude = RTL_CONSTANT_STRING(L"321410");

VOID GuardTableInit(VOID)
{
    ExInitializeFastMutex(&g_TableLock);
    g_PidCount = 0;
}

NTSTATUS GuardTableAdd(ULONG Pid)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    ExAcquireFastMutex(&g_TableLock);
    for (i = 0; i < g_PidCount; i++) {
        if (g_Pids[i] == Pid) {
            goto out;
        }
    }
    if (g_PidCount == GUARDIAN_MAX_PIDS) {
        status = STATUS_TOO_MANY_NAMES;
        goto out;
    }
    g_Pids[g_PidCount++] = Pid;
out:
    ExReleaseFastMutex(&g_TableLock);
    return status;
}

NTSTATUS GuardTableRemove(ULONG Pid)
{
    NTSTATUS status = STATUS_NOT_FOUND;
    ULONG i;

    ExAcquireFastMutex(&g_TableLock);
    for (i = 0; i < g_PidCount; i++) {
        if (g_Pids[i] == Pid) {
            g_Pids[i] = g_Pids[--g_PidCount];
            status = STATUS_SUCCESS;
            break;
        }
    }
    ExReleaseFastMutex(&g_TableLock);
    return status;
}

VOID GuardTableClear(VOID)
{
    ExAcquireFastMutex(&g_TableLock);
    g_PidCount = 0;
    ExReleaseFastMutex(&g_TableLock);
}

/*
 * Called from the object pre-callback, which can run at APC_LEVEL, so no
 * fast mutex here: a torn read only means one extra or one missed strip.
 */
BOOLEAN GuardTableContains(ULONG Pid)
{
    ULONG i, n = *(volatile ULONG *)&g_PidCount;

    for (i = 0; i < n && i < GUARDIAN_MAX_PIDS; i++) {
        if (g_Pids[i] == Pid) {
            return TRUE;
        }
    }
    return FALSE;
}

static OB_PREOP_CALLBACK_STATUS
GuardPreOperation(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    PGUARD_POLICY policy = (PGUARD_POLICY)RegistrationContext;
    PACCESS_MASK desired;
    ULONG target;

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    target = HandleToULong(PsGetProcessId((PEPROCESS)Info->Object));
    if (!GuardTableContains(target)) {
        return OB_PREOP_SUCCESS;
    }
    if (policy->AllowSelf && target == HandleToULong(PsGetCurrentProcessId())) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        desired = &Info->Parameters->CreateHandleInformation.DesiredAccess;
    } else {
        desired = &Info->Parameters->DuplicateHandleInformation.DesiredAccess;
    }

    if (*desired & policy->StripMask) {
        if (policy->LogHits) {
            GLOG("pid %lu asked 0x%08X on protected pid %lu",
                 HandleToULong(PsGetCurrentProcessId()), *desired, target);
        }
        *desired &= ~policy->StripMask;
    }
    return OB_PREOP_SUCCESS;
}

NTSTATUS GuardRegisterCallbacks(PGUARD_POLICY Policy, PVOID *Handle)
{
    OB_OPERATION_REGISTRATION op;
    OB_CALLBACK_REGISTRATION reg;

    RtlZeroMemory(&op, sizeof(op));
    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = GuardPreOperation;
    op.PostOperation = NULL;

    RtlZeroMemory(&reg, sizeof(reg));
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    reg.Altitude = g_Altitude;
    reg.RegistrationContext = Policy;
    reg.OperationRegistration = &op;

    return ObRegisterCallbacks(&reg, Handle);
}

VOID GuardUnregisterCallbacks(PVOID Handle)
{
    if (Handle != NULL) {
        ObUnRegisterCallbacks(Handle);
    }
}

VOID GuardProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL) {
        /* process is going away; forget it so a reused pid is not protected */
        (VOID)GuardTableRemove(HandleToULong(ProcessId));
    }
}
