#include "procguard.h"

static OB_PREOP_CALLBACK_STATUS PgPreProcess(PVOID Ctx, POB_PRE_OPERATION_INFORMATION Info);
static OB_PREOP_CALLBACK_STATUS PgPreThread(PVOID Ctx, POB_PRE_OPERATION_INFORMATION Info);

/* strips rights from a handle request against the agent */
static VOID PgStrip(POB_PRE_OPERATION_INFORMATION Info, ACCESS_MASK Denied)
{
    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~Denied;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~Denied;
    }
}

static BOOLEAN PgIsAgent(PEPROCESS Process)
{
    LONG agent = g_Pg.AgentPid;

    return agent != 0 && HandleToLong(PsGetProcessId(Process)) == agent;
}

static OB_PREOP_CALLBACK_STATUS PgPreProcess(PVOID Ctx, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(Ctx);

    if (Info->KernelHandle || !PgIsAgent((PEPROCESS)Info->Object) ||
        PsGetCurrentProcess() == (PEPROCESS)Info->Object) {
        return OB_PREOP_SUCCESS;
    }

    PgStrip(Info, PG_DENIED_PROCESS_RIGHTS);
    return OB_PREOP_SUCCESS;
}

static OB_PREOP_CALLBACK_STATUS PgPreThread(PVOID Ctx, POB_PRE_OPERATION_INFORMATION Info)
{
    PEPROCESS owner;

    UNREFERENCED_PARAMETER(Ctx);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    owner = IoThreadToProcess((PETHREAD)Info->Object);
    if (!PgIsAgent(owner) || PsGetCurrentProcess() == owner) {
        return OB_PREOP_SUCCESS;
    }

    PgStrip(Info, PG_DENIED_THREAD_RIGHTS);
    return OB_PREOP_SUCCESS;
}

NTSTATUS PgRegisterObCallbacks(VOID)
{
    OB_OPERATION_REGISTRATION ops[2];
    OB_CALLBACK_REGISTRATION  reg;

    RtlZeroMemory(ops, sizeof(ops));
    RtlZeroMemory(&reg, sizeof(reg));

    ops[0].ObjectType    = PsProcessType;
    ops[0].Operations    = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation  = PgPreProcess;

    ops[1].ObjectType    = PsThreadType;
    ops[1].Operations    = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[1].PreOperation  = PgPreThread;

    reg.Version                    = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = ARRAYSIZE(ops);
    reg.RegistrationContext        = NULL;
    reg.OperationRegistration      = ops;
    RtlInitUnicodeString(&reg.Altitude, PG_ALTITUDE);

    return ObRegisterCallbacks(&reg, &g_Pg.ObHandle);
}

/* last path component of ImageFileName vs. the blocked names */
static BOOLEAN PgIsBlocked(PCUNICODE_STRING Image)
{
    UNICODE_STRING   tail;
    USHORT           i;
    PLIST_ENTRY      le;
    BOOLEAN          blocked = FALSE;

    if (Image == NULL || Image->Buffer == NULL) {
        return FALSE;
    }

    tail = *Image;
    for (i = Image->Length / sizeof(WCHAR); i > 0; i--) {
        if (Image->Buffer[i - 1] == L'\\') {
            tail.Buffer = Image->Buffer + i;
            tail.Length = (USHORT)(Image->Length - i * sizeof(WCHAR));
            tail.MaximumLength = tail.Length;
            break;
        }
    }

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&g_Pg.NamesLock, TRUE);
    for (le = g_Pg.Names.Flink; le != &g_Pg.Names; le = le->Flink) {
        PPG_BLOCKED_NAME bn = CONTAINING_RECORD(le, PG_BLOCKED_NAME, Link);
        if (RtlEqualUnicodeString(&tail, &bn->Name, TRUE)) {
            blocked = TRUE;
            break;
        }
    }
    ExReleaseResourceLite(&g_Pg.NamesLock);
    KeLeaveCriticalRegion();

    return blocked;
}

VOID PgProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId, _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL) {
        /* agent exited, stop protecting the pid before it is reused */
        InterlockedCompareExchange(&g_Pg.AgentPid, 0, HandleToLong(ProcessId));
        return;
    }

    if (PgIsBlocked(CreateInfo->ImageFileName)) {
        PGLOG("blocking %wZ (pid %p)", CreateInfo->ImageFileName, ProcessId);
        CreateInfo->CreationStatus = STATUS_ACCESS_DENIED;
    }
}

NTSTATUS PgAddBlockedName(_In_reads_bytes_(Bytes) PCWSTR Name, _In_ ULONG Bytes)
{
    PPG_BLOCKED_NAME bn;

    if (Name == NULL || Bytes == 0 || Bytes > (PG_MAX_NAME_CHARS * sizeof(WCHAR)) ||
        (Bytes % sizeof(WCHAR)) != 0) {
        return STATUS_INVALID_PARAMETER;
    }

    bn = (PPG_BLOCKED_NAME)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(*bn), PG_TAG);
    if (bn == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyMemory(bn->Buffer, Name, Bytes);
    bn->Name.Buffer        = bn->Buffer;
    bn->Name.Length        = (USHORT)Bytes;
    bn->Name.MaximumLength = sizeof(bn->Buffer);

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&g_Pg.NamesLock, TRUE);
    InsertTailList(&g_Pg.Names, &bn->Link);
    ExReleaseResourceLite(&g_Pg.NamesLock);
    KeLeaveCriticalRegion();

    return STATUS_SUCCESS;
}

VOID PgClearBlockedNames(VOID)
{
    LIST_ENTRY  local;
    PLIST_ENTRY le;

    InitializeListHead(&local);

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&g_Pg.NamesLock, TRUE);
    while (!IsListEmpty(&g_Pg.Names)) {
        InsertTailList(&local, RemoveHeadList(&g_Pg.Names));
    }
    ExReleaseResourceLite(&g_Pg.NamesLock);
    KeLeaveCriticalRegion();

    while (!IsListEmpty(&local)) {
        le = RemoveHeadList(&local);
        ExFreePoolWithTag(CONTAINING_RECORD(le, PG_BLOCKED_NAME, Link), PG_TAG);
    }
}
