/*
 * tworeaders: pushrules.c with a second reader of the push lock, a process
 * notify routine that drops exited processes from the blocked list.
 *
 * Violating (DE022): the unload callback removes the notify routine, then
 * deletes the push lock while the pre-create callback, removed only by the
 * FltUnregisterFilter after it, may still acquire it: removing one reader
 * first does not excuse the other.
 */
#include <fltKernel.h>

static PFLT_FILTER g_TrFilter;
static EX_PUSH_LOCK g_TrLock;
static ULONG g_TrBlocked[8];
static ULONG g_TrCount;

static FLT_PREOP_CALLBACK_STATUS
TrPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    ULONG pid = FltGetRequestorProcessId(Data);
    ULONG i;
    BOOLEAN blocked = FALSE;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    FltAcquirePushLockShared(&g_TrLock);
    for (i = 0; i < g_TrCount && i < 8; i++) {
        if (g_TrBlocked[i] == pid) {
            blocked = TRUE;
        }
    }
    FltReleasePushLock(&g_TrLock);
    if (blocked) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static VOID
TrProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    ULONG i;

    UNREFERENCED_PARAMETER(Process);
    if (CreateInfo != NULL) {
        return;
    }
    FltAcquirePushLockExclusive(&g_TrLock);
    for (i = 0; i < g_TrCount && i < 8; i++) {
        if (g_TrBlocked[i] == HandleToULong(ProcessId)) {
            g_TrBlocked[i] = 0;
        }
    }
    FltReleasePushLock(&g_TrLock);
}

static NTSTATUS TrUnload(FLT_FILTER_UNLOAD_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION TrCallbacks[] = {
    { IRP_MJ_CREATE, 0, TrPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION TrRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    TrCallbacks,
    TrUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

static NTSTATUS TrUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PsSetCreateProcessNotifyRoutineEx(TrProcessNotify, TRUE);
    FltDeletePushLock(&g_TrLock);                       // expect: DE022
    FltUnregisterFilter(g_TrFilter);
    return STATUS_SUCCESS;
}

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: minifilter
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    FltInitializePushLock(&g_TrLock);
    status = FltRegisterFilter(DriverObject, &TrRegistration, &g_TrFilter);
    if (!NT_SUCCESS(status)) {
        FltDeletePushLock(&g_TrLock);
        return status;
    }
    status = PsSetCreateProcessNotifyRoutineEx(TrProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_TrFilter);
        FltDeletePushLock(&g_TrLock);
        return status;
    }
    status = FltStartFiltering(g_TrFilter);
    if (!NT_SUCCESS(status)) {
        PsSetCreateProcessNotifyRoutineEx(TrProcessNotify, TRUE);
        FltUnregisterFilter(g_TrFilter);
        FltDeletePushLock(&g_TrLock);
    }
    return status;
}
