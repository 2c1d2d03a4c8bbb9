/*
 * protect.c - ObRegisterCallbacks handling + protected pid list
 */
#include "procguard.h"

static OB_OPERATION_REGISTRATION s_ObOps[2];

#define PG_PROC_STRIP_TERM  (PROCESS_TERMINATE | PROCESS_SUSPEND_RESUME)
#define PG_PROC_STRIP_VM    (PROCESS_VM_OPERATION | PROCESS_VM_READ | PROCESS_VM_WRITE)
#define PG_THREAD_STRIP     (THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_SET_CONTEXT)

ULONG
PgLookup(_In_ HANDLE ProcessId)
{
    KIRQL oldIrql;
    PLIST_ENTRY e;
    ULONG flags = 0;

    KeAcquireSpinLock(&g_Pg.ListLock, &oldIrql);
    for (e = g_Pg.ProtectedList.Flink; e != &g_Pg.ProtectedList; e = e->Flink) {
        PPG_ENTRY ent = CONTAINING_RECORD(e, PG_ENTRY, Link);
        if (ent->ProcessId == ProcessId) {
            flags = ent->Flags;
            break;
        }
    }
    KeReleaseSpinLock(&g_Pg.ListLock, oldIrql);
    return flags;
}

NTSTATUS
PgAddProcess(_In_ HANDLE ProcessId, _In_ ULONG Flags)
{
    KIRQL oldIrql;
    PPG_ENTRY ent;

    if (PgLookup(ProcessId) != 0) {
        return STATUS_OBJECT_NAME_EXISTS;
    }
    if (g_Pg.ProtectedCount >= PG_MAX_PROTECTED) {
        return STATUS_QUOTA_EXCEEDED;
    }

    ent = (PPG_ENTRY)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(PG_ENTRY), PG_TAG);
    if (ent == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ent->ProcessId = ProcessId;
    ent->Flags = Flags ? Flags : PG_FLAG_ALL;

    KeAcquireSpinLock(&g_Pg.ListLock, &oldIrql);
    InsertTailList(&g_Pg.ProtectedList, &ent->Link);
    g_Pg.ProtectedCount++;
    KeReleaseSpinLock(&g_Pg.ListLock, oldIrql);

    PG_LOG("protecting pid %p flags %08X", ProcessId, ent->Flags);
    return STATUS_SUCCESS;
}

NTSTATUS
PgRemoveProcess(_In_ HANDLE ProcessId)
{
    KIRQL oldIrql;
    PLIST_ENTRY e;
    PPG_ENTRY found = NULL;

    KeAcquireSpinLock(&g_Pg.ListLock, &oldIrql);
    for (e = g_Pg.ProtectedList.Flink; e != &g_Pg.ProtectedList; e = e->Flink) {
        PPG_ENTRY ent = CONTAINING_RECORD(e, PG_ENTRY, Link);
        if (ent->ProcessId == ProcessId) {
            RemoveEntryList(&ent->Link);
            g_Pg.ProtectedCount--;
            found = ent;
            break;
        }
    }
    KeReleaseSpinLock(&g_Pg.ListLock, oldIrql);

    if (found == NULL) {
        return STATUS_NOT_FOUND;
    }
    ExFreePoolWithTag(found, PG_TAG);
    return STATUS_SUCCESS;
}

VOID
PgClearAll(VOID)
{
    KIRQL oldIrql;
    LIST_ENTRY local;

    InitializeListHead(&local);

    KeAcquireSpinLock(&g_Pg.ListLock, &oldIrql);
    while (!IsListEmpty(&g_Pg.ProtectedList)) {
        PLIST_ENTRY e = RemoveHeadList(&g_Pg.ProtectedList);
        InsertTailList(&local, e);
    }
    g_Pg.ProtectedCount = 0;
    KeReleaseSpinLock(&g_Pg.ListLock, oldIrql);

    while (!IsListEmpty(&local)) {
        PLIST_ENTRY e = RemoveHeadList(&local);
        ExFreePoolWithTag(CONTAINING_RECORD(e, PG_ENTRY, Link), PG_TAG);
    }
}

static OB_PREOP_CALLBACK_STATUS
PgPreProcess(_In_ PVOID RegistrationContext, _Inout_ POB_PRE_OPERATION_INFORMATION Info)
{
    HANDLE pid;
    ULONG flags;
    ACCESS_MASK strip = 0;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    pid = PsGetProcessId((PEPROCESS)Info->Object);
    if (pid == PsGetCurrentProcessId()) {
        return OB_PREOP_SUCCESS;        /* a process may always open itself */
    }

    flags = PgLookup(pid);
    if (flags == 0) {
        return OB_PREOP_SUCCESS;
    }

    if (flags & PG_FLAG_STRIP_TERMINATE) strip |= PG_PROC_STRIP_TERM;
    if (flags & PG_FLAG_STRIP_VM)        strip |= PG_PROC_STRIP_VM;

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~strip;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~strip;
    }
    return OB_PREOP_SUCCESS;
}

static OB_PREOP_CALLBACK_STATUS
PgPreThread(_In_ PVOID RegistrationContext, _Inout_ POB_PRE_OPERATION_INFORMATION Info)
{
    HANDLE pid;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    pid = PsGetThreadProcessId((PETHREAD)Info->Object);
    if (pid == PsGetCurrentProcessId()) {
        return OB_PREOP_SUCCESS;
    }
    if ((PgLookup(pid) & PG_FLAG_STRIP_THREAD) == 0) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~PG_THREAD_STRIP;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~PG_THREAD_STRIP;
    }
    return OB_PREOP_SUCCESS;
}

NTSTATUS
PgRegisterCallbacks(VOID)
{
    OB_CALLBACK_REGISTRATION reg;
    NTSTATUS status;

    RtlZeroMemory(s_ObOps, sizeof(s_ObOps));

    s_ObOps[0].ObjectType   = PsProcessType;
    s_ObOps[0].Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    s_ObOps[0].PreOperation = PgPreProcess;

    s_ObOps[1].ObjectType   = PsThreadType;
    s_ObOps[1].Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    s_ObOps[1].PreOperation = PgPreThread;

    RtlZeroMemory(&reg, sizeof(reg));
    reg.Version                    = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = ARRAYSIZE(s_ObOps);
    reg.RegistrationContext        = NULL;
    reg.OperationRegistration      = s_ObOps;
    RtlInitUnicodeString(&reg.Altitude, PG_ALTITUDE);

    status = ObRegisterCallbacks(&reg, &g_Pg.ObRegHandle);
    if (!NT_SUCCESS(status)) {
        PG_ERR("ObRegisterCallbacks failed 0x%08X (signed with /INTEGRITYCHECK?)", status);
        g_Pg.ObRegHandle = NULL;
        return status;
    }

    PG_LOG("ob callbacks registered, handle %p", g_Pg.ObRegHandle);
    return STATUS_SUCCESS;
}

VOID
PgUnregisterCallbacks(VOID)
{
    if (g_Pg.ObRegHandle != NULL) {
        ObUnRegisterCallbacks(g_Pg.ObRegHandle);
        g_Pg.ObRegHandle = NULL;
    }
}
