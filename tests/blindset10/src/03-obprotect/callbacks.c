/*
 * callbacks.c - the ObRegisterCallbacks side of obprotect
 */
#include "obprotect.h"

#define PROCESS_TERMINATE_BIT   0x0001
#define PROCESS_VM_OPERATION_B  0x0008
#define PROCESS_VM_WRITE_B      0x0020
#define THREAD_TERMINATE_BIT    0x0001
#define THREAD_SUSPEND_BIT      0x0002

BOOLEAN
ObpIsProtected(POBP_PID_LIST List, ULONG Pid)
{
    KIRQL irql;
    ULONG i;
    BOOLEAN found = FALSE;

    KeAcquireSpinLock(&List->Lock, &irql);
    for (i = 0; i < List->Count; i++) {
        if (List->Pids[i] == Pid) {
            found = TRUE;
            break;
        }
    }
    KeReleaseSpinLock(&List->Lock, irql);
    return found;
}

static OB_PREOP_CALLBACK_STATUS
ObpPreOperation(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    POBP_CALLBACK_CONTEXT ctx = (POBP_CALLBACK_CONTEXT)RegistrationContext;
    ULONG targetPid;
    ACCESS_MASK strip;
    PACCESS_MASK desired;

    if (ctx == NULL || ctx->Magic != OBP_MAGIC) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->ObjectType == *PsProcessType) {
        targetPid = HandleToULong(PsGetProcessId((PEPROCESS)Info->Object));
        strip = ctx->ProcessStrip;
    } else {
        targetPid = HandleToULong(PsGetThreadProcessId((PETHREAD)Info->Object));
        strip = ctx->ThreadStrip;
    }

    /* a protected process may still do what it likes to itself */
    if (targetPid == HandleToULong(PsGetCurrentProcessId())) {
        return OB_PREOP_SUCCESS;
    }

    if (!ObpIsProtected(ctx->List, targetPid)) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        desired = &Info->Parameters->CreateHandleInformation.DesiredAccess;
    } else {
        desired = &Info->Parameters->DuplicateHandleInformation.DesiredAccess;
    }
    *desired &= ~strip;

    return OB_PREOP_SUCCESS;
}

NTSTATUS
ObpRegisterCallbacks(PVOID *RegistrationHandle)
{
    OB_OPERATION_REGISTRATION ops[2];
    OB_CALLBACK_REGISTRATION reg;
    OBP_CALLBACK_CONTEXT ctx;
    NTSTATUS status;

    *RegistrationHandle = NULL;

    ctx.Magic = OBP_MAGIC;
    ctx.List = &g_PidList;
    ctx.ProcessStrip = PROCESS_TERMINATE_BIT | PROCESS_VM_OPERATION_B | PROCESS_VM_WRITE_B;
    ctx.ThreadStrip = THREAD_TERMINATE_BIT | THREAD_SUSPEND_BIT;

    RtlZeroMemory(ops, sizeof(ops));
    ops[0].ObjectType = PsProcessType;
    ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = ObpPreOperation;
    ops[0].PostOperation = NULL;

    ops[1].ObjectType = PsThreadType;
    ops[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[1].PreOperation = ObpPreOperation;
    ops[1].PostOperation = NULL;

    RtlZeroMemory(&reg, sizeof(reg));
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = RTL_NUMBER_OF(ops);
    RtlInitUnicodeString(&reg.Altitude, OBP_ALTITUDE);
    reg.RegistrationContext = &ctx;
    reg.OperationRegistration = ops;

    status = ObRegisterCallbacks(&reg, RegistrationHandle);
    if (!NT_SUCCESS(status)) {
        dprint("ObRegisterCallbacks failed 0x%08X\n", status);
        *RegistrationHandle = NULL;
        return status;
    }

    dprint("object callbacks registered at %wZ\n", &reg.Altitude);
    return STATUS_SUCCESS;
}

VOID
ObpUnregisterCallbacks(PVOID RegistrationHandle)
{
    if (RegistrationHandle != NULL) {
        ObUnRegisterCallbacks(RegistrationHandle);
    }
}
