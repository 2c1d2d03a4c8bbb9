//
// protect.c - handle stripping for protected game processes
//
#include "acguard.h"

static BOOLEAN
AcIsProtected(
    _In_ HANDLE ProcessId
    )
{
    PAC_PROTECTED p;
    BOOLEAN found = FALSE;

    AC_LOCK();
    AC_FOR_EACH_PROTECTED(p) {
        if (p->ProcessId == ProcessId) {
            found = TRUE;
            break;
        }
    }
    AC_UNLOCK();
    return found;
}

static OB_PREOP_CALLBACK_STATUS
AcPreProcessHandle(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    )
{
    HANDLE target;
    PACCESS_MASK access;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    target = PsGetProcessId((PEPROCESS)Info->Object);
    if (target == PsGetCurrentProcessId() || !AcIsProtected(target)) {
        return OB_PREOP_SUCCESS;
    }

    access = (Info->Operation == OB_OPERATION_HANDLE_CREATE)
           ? &Info->Parameters->CreateHandleInformation.DesiredAccess
           : &Info->Parameters->DuplicateHandleInformation.DesiredAccess;

    if (*access & AC_DENIED_ACCESS) {
        AC_INFO("stripping 0x%08X from pid %p -> pid %p",
                *access & AC_DENIED_ACCESS, PsGetCurrentProcessId(), target);
        *access &= ~AC_DENIED_ACCESS;
    }
    return OB_PREOP_SUCCESS;
}

NTSTATUS
AcRegisterObCallbacks(VOID)
{
    OB_OPERATION_REGISTRATION op = { 0 };
    OB_CALLBACK_REGISTRATION reg = { 0 };

    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = AcPreProcessHandle;
    op.PostOperation = NULL;

    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&reg.Altitude, AC_ALTITUDE);
    reg.RegistrationContext = NULL;
    reg.OperationRegistration = &op;

    return ObRegisterCallbacks(&reg, &g_Ac.ObRegistration);
}

VOID
AcUnregisterObCallbacks(VOID)
{
    if (g_Ac.ObRegistration != NULL) {
        ObUnRegisterCallbacks(g_Ac.ObRegistration);
        g_Ac.ObRegistration = NULL;
    }
}

VOID
AcInitProtectedList(VOID)
{
    KeInitializeSpinLock(&g_Ac.ProtectLock);
    InitializeListHead(&g_Ac.ProtectedList);
    g_Ac.ProtectedCount = 0;
}

NTSTATUS
AcProtect(
    _In_ HANDLE ProcessId
    )
{
    PAC_PROTECTED entry;

    if (AcIsProtected(ProcessId)) {
        return STATUS_SUCCESS;
    }

    entry = (PAC_PROTECTED)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*entry), AC_TAG);
    if (entry == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    entry->ProcessId = ProcessId;

    {
        AC_LOCK();
        InsertTailList(&g_Ac.ProtectedList, &entry->Link);
        g_Ac.ProtectedCount++;
        AC_UNLOCK();
    }
    return STATUS_SUCCESS;
}

VOID
AcUnprotect(
    _In_ HANDLE ProcessId
    )
{
    PAC_PROTECTED p, victim = NULL;

    {
        AC_LOCK();
        AC_FOR_EACH_PROTECTED(p) {
            if (p->ProcessId == ProcessId) {
                victim = p;
                break;
            }
        }
        if (victim != NULL) {
            RemoveEntryList(&victim->Link);
            g_Ac.ProtectedCount--;
        }
        AC_UNLOCK();
    }

    if (victim != NULL) {
        ExFreePoolWithTag(victim, AC_TAG);
    }
}

VOID
AcProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL) {
        // game exited, forget about it
        AcUnprotect(ProcessId);
    }
}

VOID
AcFreeProtectedList(VOID)
{
    while (!IsListEmpty(&g_Ac.ProtectedList)) {
        PLIST_ENTRY e = RemoveHeadList(&g_Ac.ProtectedList);
        ExFreePoolWithTag(CONTAINING_RECORD(e, AC_PROTECTED, Link), AC_TAG);
    }
    g_Ac.ProtectedCount = 0;
}
