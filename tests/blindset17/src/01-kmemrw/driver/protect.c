/*
 * protect.c - handle stripping for shielded processes.
 *
 * Processes registered through IOCTL_KMRW_PROTECT_PID get the requested
 * access bits removed from every handle opened to them by another process.
 * Entries are dropped when the process exits.
 */
#include "kmrw.h"

static OB_PREOP_CALLBACK_STATUS
KmrwPreOperation(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    );

static PKMRW_PROTECTED
KmrwFindLocked(
    _In_ HANDLE ProcessId
    )
{
    PLIST_ENTRY entry;

    for (entry = g_Kmrw.ProtectedList.Flink;
         entry != &g_Kmrw.ProtectedList;
         entry = entry->Flink) {
        PKMRW_PROTECTED item = CONTAINING_RECORD(entry, KMRW_PROTECTED, Link);
        if (item->ProcessId == ProcessId) {
            return item;
        }
    }
    return NULL;
}

static ACCESS_MASK
KmrwLookupStripMask(
    _In_ HANDLE ProcessId
    )
{
    ACCESS_MASK mask = 0;
    PKMRW_PROTECTED item;

    /* pre-operation callbacks run at PASSIVE_LEVEL */
    ExAcquireFastMutex(&g_Kmrw.ProtectLock);
    item = KmrwFindLocked(ProcessId);
    if (item != NULL) {
        mask = item->StripMask;
    }
    ExReleaseFastMutex(&g_Kmrw.ProtectLock);
    return mask;
}

static OB_PREOP_CALLBACK_STATUS
KmrwPreOperation(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    )
{
    HANDLE targetPid;
    ACCESS_MASK strip;
    PACCESS_MASK desired;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->ObjectType == *PsProcessType) {
        targetPid = PsGetProcessId((PEPROCESS)Info->Object);
    } else if (Info->ObjectType == *PsThreadType) {
        targetPid = PsGetThreadProcessId((PETHREAD)Info->Object);
    } else {
        return OB_PREOP_SUCCESS;
    }

    if (targetPid == PsGetCurrentProcessId()) {
        return OB_PREOP_SUCCESS;
    }

    strip = KmrwLookupStripMask(targetPid);
    if (strip == 0) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        desired = &Info->Parameters->CreateHandleInformation.DesiredAccess;
    } else {
        desired = &Info->Parameters->DuplicateHandleInformation.DesiredAccess;
    }

    if ((*desired & strip) != 0) {
        *desired &= ~strip;
        InterlockedIncrement64(&g_Kmrw.HandlesStripped);
    }

    return OB_PREOP_SUCCESS;
}

NTSTATUS
KmrwRegisterObCallbacks(
    VOID
    )
{
    OB_OPERATION_REGISTRATION ops[2];
    OB_CALLBACK_REGISTRATION reg;

    RtlZeroMemory(ops, sizeof(ops));
    RtlZeroMemory(&reg, sizeof(reg));

    ops[0].ObjectType = PsProcessType;
    ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = KmrwPreOperation;

    ops[1].ObjectType = PsThreadType;
    ops[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[1].PreOperation = KmrwPreOperation;

    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = RTL_NUMBER_OF(ops);
    RtlInitUnicodeString(&reg.Altitude, KMRW_ALTITUDE);
    reg.RegistrationContext = NULL;
    reg.OperationRegistration = ops;

    return ObRegisterCallbacks(&reg, &g_Kmrw.ObRegistrationHandle);
}

VOID
KmrwUnregisterObCallbacks(
    VOID
    )
{
    if (g_Kmrw.ObRegistrationHandle != NULL) {
        ObUnRegisterCallbacks(g_Kmrw.ObRegistrationHandle);
        g_Kmrw.ObRegistrationHandle = NULL;
    }
}

VOID
KmrwProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    PKMRW_PROTECTED item;

    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        return;
    }

    ExAcquireFastMutex(&g_Kmrw.ProtectLock);
    item = KmrwFindLocked(ProcessId);
    if (item != NULL) {
        RemoveEntryList(&item->Link);
        g_Kmrw.ProtectedCount--;
    }
    ExReleaseFastMutex(&g_Kmrw.ProtectLock);

    if (item != NULL) {
        KmrwTrace("protected pid %p exited", ProcessId);
        ExFreePoolWithTag(item, KMRW_TAG);
    }
}

NTSTATUS
KmrwProtectProcess(
    _In_ HANDLE ProcessId,
    _In_ ACCESS_MASK StripMask
    )
{
    PKMRW_PROTECTED item;
    PKMRW_PROTECTED existing;
    PEPROCESS process;
    NTSTATUS status;

    status = PsLookupProcessByProcessId(ProcessId, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ObDereferenceObject(process);

    item = (PKMRW_PROTECTED)ExAllocatePoolZero(NonPagedPoolNx, sizeof(*item), KMRW_TAG);
    if (item == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    item->ProcessId = ProcessId;
    item->StripMask = StripMask;

    ExAcquireFastMutex(&g_Kmrw.ProtectLock);
    existing = KmrwFindLocked(ProcessId);
    if (existing != NULL) {
        existing->StripMask = StripMask;
    } else {
        InsertTailList(&g_Kmrw.ProtectedList, &item->Link);
        g_Kmrw.ProtectedCount++;
        item = NULL;
    }
    ExReleaseFastMutex(&g_Kmrw.ProtectLock);

    if (item != NULL) {
        ExFreePoolWithTag(item, KMRW_TAG);
    }
    return STATUS_SUCCESS;
}

NTSTATUS
KmrwUnprotectProcess(
    _In_ HANDLE ProcessId
    )
{
    PKMRW_PROTECTED item;

    ExAcquireFastMutex(&g_Kmrw.ProtectLock);
    item = KmrwFindLocked(ProcessId);
    if (item != NULL) {
        RemoveEntryList(&item->Link);
        g_Kmrw.ProtectedCount--;
    }
    ExReleaseFastMutex(&g_Kmrw.ProtectLock);

    if (item == NULL) {
        return STATUS_NOT_FOUND;
    }
    ExFreePoolWithTag(item, KMRW_TAG);
    return STATUS_SUCCESS;
}

VOID
KmrwFreeProtectedList(
    VOID
    )
{
    LIST_ENTRY local;

    InitializeListHead(&local);

    ExAcquireFastMutex(&g_Kmrw.ProtectLock);
    while (!IsListEmpty(&g_Kmrw.ProtectedList)) {
        InsertTailList(&local, RemoveHeadList(&g_Kmrw.ProtectedList));
    }
    g_Kmrw.ProtectedCount = 0;
    ExReleaseFastMutex(&g_Kmrw.ProtectLock);

    while (!IsListEmpty(&local)) {
        PLIST_ENTRY entry = RemoveHeadList(&local);
        ExFreePoolWithTag(CONTAINING_RECORD(entry, KMRW_PROTECTED, Link), KMRW_TAG);
    }
}
