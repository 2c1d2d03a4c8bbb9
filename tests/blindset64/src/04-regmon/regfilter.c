/*
 * regfilter.c - CmRegisterCallbackEx based registry activity logger
 */
#include "regmon.h"

EX_CALLBACK_FUNCTION RmRegistryCallback;

static VOID
RmPushRecord(
    _In_ ULONG Op,
    _In_opt_ PCUNICODE_STRING Path
    )
{
    PRM_RECORD rec;
    PLIST_ENTRY victim = NULL;
    KIRQL irql;

    rec = (PRM_RECORD)ExAllocateFromNPagedLookasideList(&g_Rm.RecordPool);
    if (rec == NULL) {
        return;
    }
    RtlZeroMemory(rec, sizeof(*rec));

    rec->Data.Op = Op;
    rec->Data.ProcessId = HandleToULong(PsGetCurrentProcessId());
    KeQuerySystemTime(&rec->Data.Time);
    if (Path != NULL && Path->Buffer != NULL) {
        RtlStringCchCopyNW(rec->Data.Path, RM_MAX_PATH, Path->Buffer, Path->Length / sizeof(WCHAR));
    }

    KeAcquireSpinLock(&g_Rm.RecordLock, &irql);
    if (g_Rm.RecordCount >= RM_MAX_RECORDS) {
        victim = RemoveHeadList(&g_Rm.Records);
        g_Rm.RecordCount--;
    }
    InsertTailList(&g_Rm.Records, &rec->Link);
    g_Rm.RecordCount++;
    KeReleaseSpinLock(&g_Rm.RecordLock, irql);

    if (victim != NULL) {
        ExFreeToNPagedLookasideList(&g_Rm.RecordPool, CONTAINING_RECORD(victim, RM_RECORD, Link));
    }
}

static BOOLEAN
RmIsGuarded(
    _In_ PCUNICODE_STRING Path
    )
{
    if (!g_Rm.GuardEnabled || g_Rm.GuardPrefix.Length == 0) {
        return FALSE;
    }
    return RtlPrefixUnicodeString(&g_Rm.GuardPrefix, Path, TRUE);
}

static NTSTATUS
RmHandleKeyOp(
    _In_ ULONG Op,
    _In_ PVOID KeyObject
    )
{
    PCUNICODE_STRING name = NULL;
    NTSTATUS status = STATUS_SUCCESS;

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Rm.Cookie, KeyObject, NULL, &name, 0))) {
        return STATUS_SUCCESS;
    }

    if ((Op == RmOpDeleteKey || Op == RmOpSetValue || Op == RmOpDeleteValue) && RmIsGuarded(name)) {
        Op |= RmOpBlocked;
        status = STATUS_ACCESS_DENIED;
    }

    RmPushRecord(Op, name);
    CmCallbackReleaseKeyObjectIDEx(name);
    return status;
}

NTSTATUS
RmRegistryCallback(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (Argument2 == NULL || ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    switch (cls) {
    case RegNtPreDeleteKey:
        return RmHandleKeyOp(RmOpDeleteKey, ((PREG_DELETE_KEY_INFORMATION)Argument2)->Object);

    case RegNtPreSetValueKey:
        return RmHandleKeyOp(RmOpSetValue, ((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->Object);

    case RegNtPreDeleteValueKey:
        return RmHandleKeyOp(RmOpDeleteValue, ((PREG_DELETE_VALUE_KEY_INFORMATION)Argument2)->Object);

    case RegNtPostCreateKeyEx: {
        PREG_POST_OPERATION_INFORMATION post = (PREG_POST_OPERATION_INFORMATION)Argument2;
        if (NT_SUCCESS(post->Status) && post->Object != NULL) {
            RmHandleKeyOp(RmOpCreateKey, post->Object);
        }
        return STATUS_SUCCESS;
    }

    default:
        return STATUS_SUCCESS;
    }
}

NTSTATUS
RmStartFilter(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RM_ALTITUDE);
    NTSTATUS status;

    status = CmRegisterCallbackEx(RmRegistryCallback,
                                  &altitude,
                                  DriverObject,
                                  &g_Rm,
                                  &g_Rm.Cookie,
                                  NULL);
    if (!NT_SUCCESS(status)) {
        RM_LOG(("regmon: CmRegisterCallbackEx failed 0x%08X\n", status));
    }
    return status;
}

VOID
RmStopFilter(VOID)
{
    NTSTATUS status = CmUnRegisterCallback(g_Rm.Cookie);
    RM_LOG(("regmon: CmUnRegisterCallback -> 0x%08X\n", status));
}

VOID
RmFreeRecords(VOID)
{
    KIRQL irql;
    LIST_ENTRY local;

    InitializeListHead(&local);

    KeAcquireSpinLock(&g_Rm.RecordLock, &irql);
    while (!IsListEmpty(&g_Rm.Records)) {
        InsertTailList(&local, RemoveHeadList(&g_Rm.Records));
    }
    g_Rm.RecordCount = 0;
    KeReleaseSpinLock(&g_Rm.RecordLock, irql);

    while (!IsListEmpty(&local)) {
        PLIST_ENTRY e = RemoveHeadList(&local);
        ExFreeToNPagedLookasideList(&g_Rm.RecordPool, CONTAINING_RECORD(e, RM_RECORD, Link));
    }
}

ULONG
RmCopyRecords(
    _Out_writes_bytes_(Length) PVOID Buffer,
    _In_ ULONG Length
    )
{
    PRM_RECORD_DATA out = (PRM_RECORD_DATA)Buffer;
    ULONG max = Length / sizeof(RM_RECORD_DATA);
    ULONG n = 0;
    LIST_ENTRY local;
    KIRQL irql;

    InitializeListHead(&local);

    KeAcquireSpinLock(&g_Rm.RecordLock, &irql);
    while (n < max && !IsListEmpty(&g_Rm.Records)) {
        PRM_RECORD rec = CONTAINING_RECORD(RemoveHeadList(&g_Rm.Records), RM_RECORD, Link);
        out[n++] = rec->Data;
        g_Rm.RecordCount--;
        InsertTailList(&local, &rec->Link);
    }
    KeReleaseSpinLock(&g_Rm.RecordLock, irql);

    while (!IsListEmpty(&local)) {
        PLIST_ENTRY e = RemoveHeadList(&local);
        ExFreeToNPagedLookasideList(&g_Rm.RecordPool, CONTAINING_RECORD(e, RM_RECORD, Link));
    }

    return n * sizeof(RM_RECORD_DATA);
}
