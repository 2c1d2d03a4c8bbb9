/*
 * obguard.c - keep other processes from suspending / hijacking threads of
 * the guarded process
 */
#include "imgguard.h"

#define IG_THREAD_DENY  (THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_SET_CONTEXT | THREAD_GET_CONTEXT)

static OB_PREOP_CALLBACK_STATUS
IgThreadPreOp(_In_ PVOID RegistrationContext, _Inout_ POB_PRE_OPERATION_INFORMATION OpInfo)
{
    HANDLE owner;
    HANDLE target;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (OpInfo->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    target = g_Ig.TargetPid;
    if (target == NULL) {
        return OB_PREOP_SUCCESS;
    }

    owner = PsGetThreadProcessId((PETHREAD)OpInfo->Object);
    if (owner != target || PsGetCurrentProcessId() == target) {
        return OB_PREOP_SUCCESS;
    }

    switch (OpInfo->Operation) {
    case OB_OPERATION_HANDLE_CREATE:
        OpInfo->Parameters->CreateHandleInformation.DesiredAccess &= ~IG_THREAD_DENY;
        break;
    case OB_OPERATION_HANDLE_DUPLICATE:
        OpInfo->Parameters->DuplicateHandleInformation.DesiredAccess &= ~IG_THREAD_DENY;
        break;
    }
    return OB_PREOP_SUCCESS;
}

NTSTATUS
IgStartHandleGuard(VOID)
{
    OB_OPERATION_REGISTRATION op;
    OB_CALLBACK_REGISTRATION cb;
    NTSTATUS status;

    RtlZeroMemory(&op, sizeof(op));
    op.ObjectType = PsThreadType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = IgThreadPreOp;
    op.PostOperation = NULL;

    RtlZeroMemory(&cb, sizeof(cb));
    cb.Version = OB_FLT_REGISTRATION_VERSION;
    cb.OperationRegistrationCount = 1;
    cb.RegistrationContext = NULL;
    cb.OperationRegistration = &op;
    RtlInitUnicodeString(&cb.Altitude, IG_ALTITUDE);

    status = ObRegisterCallbacks(&cb, &g_Ig.ObHandle);
    if (!NT_SUCCESS(status)) {
        LOG("ObRegisterCallbacks 0x%08X", status);
        g_Ig.ObHandle = NULL;
    }
    return status;
}

VOID
IgStopHandleGuard(VOID)
{
    ObUnRegisterCallbacks(g_Ig.ObHandle);
    g_Ig.ObHandle = NULL;
}
