#include "regmon.h"

VOID RegQueueInit(VOID)
{
    KeInitializeSpinLock(&g_Reg.Lock);
    InitializeListHead(&g_Reg.Records);
    g_Reg.RecordCount = 0;

    ExInitializeNPagedLookasideList(&g_Reg.RecordPool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(REGMON_ENTRY), REGMON_TAG, 0);
    g_Reg.PoolReady = TRUE;
}

VOID RegQueueDestroy(VOID)
{
    KIRQL         irql;
    PLIST_ENTRY   le;

    if (!g_Reg.PoolReady) {
        return;
    }

    KeAcquireSpinLock(&g_Reg.Lock, &irql);
    while (!IsListEmpty(&g_Reg.Records)) {
        le = RemoveHeadList(&g_Reg.Records);
        ExFreeToNPagedLookasideList(&g_Reg.RecordPool,
                                    CONTAINING_RECORD(le, REGMON_ENTRY, ListEntry));
    }
    g_Reg.RecordCount = 0;
    KeReleaseSpinLock(&g_Reg.Lock, irql);

    ExDeleteNPagedLookasideList(&g_Reg.RecordPool);
    g_Reg.PoolReady = FALSE;
}

ULONG RegQueueFetch(_Out_writes_(Max) PREGMON_RECORD Out, _In_ ULONG Max)
{
    KIRQL         irql;
    ULONG         n = 0;
    PREGMON_ENTRY e;

    KeAcquireSpinLock(&g_Reg.Lock, &irql);
    while (n < Max && !IsListEmpty(&g_Reg.Records)) {
        e = CONTAINING_RECORD(RemoveHeadList(&g_Reg.Records), REGMON_ENTRY, ListEntry);
        g_Reg.RecordCount--;
        RtlCopyMemory(&Out[n++], &e->Record, sizeof(REGMON_RECORD));
        ExFreeToNPagedLookasideList(&g_Reg.RecordPool, e);
    }
    KeReleaseSpinLock(&g_Reg.Lock, irql);

    return n;
}

static VOID CopyTruncated(PWCHAR Dst, ULONG DstChars, PCUNICODE_STRING Src)
{
    ULONG chars;

    if (Src == NULL || Src->Buffer == NULL) {
        Dst[0] = L'\0';
        return;
    }
    chars = Src->Length / sizeof(WCHAR);
    if (chars > DstChars - 1) {
        chars = DstChars - 1;
    }
    RtlCopyMemory(Dst, Src->Buffer, chars * sizeof(WCHAR));
    Dst[chars] = L'\0';
}

static VOID RegQueueRecord(REGMON_OP Op, PCUNICODE_STRING Key, PCUNICODE_STRING Value, NTSTATUS Result)
{
    PREGMON_ENTRY e;
    KIRQL         irql;

    e = (PREGMON_ENTRY)ExAllocateFromNPagedLookasideList(&g_Reg.RecordPool);
    if (e == NULL) {
        return;
    }

    e->Record.Operation = (ULONG)Op;
    e->Record.ProcessId = HandleToULong(PsGetCurrentProcessId());
    e->Record.Result    = Result;
    KeQuerySystemTime(&e->Record.Time);
    CopyTruncated(e->Record.KeyPath, REGMON_KEY_CHARS, Key);
    CopyTruncated(e->Record.ValueName, REGMON_VALUE_CHARS, Value);

    KeAcquireSpinLock(&g_Reg.Lock, &irql);
    if (g_Reg.RecordCount < REGMON_MAX_QUEUED) {
        InsertTailList(&g_Reg.Records, &e->ListEntry);
        g_Reg.RecordCount++;
        e = NULL;
    }
    KeReleaseSpinLock(&g_Reg.Lock, irql);

    if (e != NULL) {
        /* queue full, client is not reading */
        ExFreeToNPagedLookasideList(&g_Reg.RecordPool, e);
    }
}

NTSTATUS RegmonCallback(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    REG_NOTIFY_CLASS  cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PVOID             keyObject = NULL;
    PCUNICODE_STRING  valueName = NULL;
    PCUNICODE_STRING  keyName = NULL;
    REGMON_OP         op;
    NTSTATUS          result = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (Argument2 == NULL) {
        return STATUS_SUCCESS;
    }

    switch (cls) {
    case RegNtPreSetValueKey:
        keyObject = ((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->Object;
        valueName = ((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->ValueName;
        op = RegmonOpSetValue;
        break;
    case RegNtPreDeleteValueKey:
        keyObject = ((PREG_DELETE_VALUE_KEY_INFORMATION)Argument2)->Object;
        valueName = ((PREG_DELETE_VALUE_KEY_INFORMATION)Argument2)->ValueName;
        op = RegmonOpDeleteValue;
        break;
    case RegNtPreDeleteKey:
        keyObject = ((PREG_DELETE_KEY_INFORMATION)Argument2)->Object;
        op = RegmonOpDeleteKey;
        break;
    case RegNtPreRenameKey:
        keyObject = ((PREG_RENAME_KEY_INFORMATION)Argument2)->Object;
        valueName = ((PREG_RENAME_KEY_INFORMATION)Argument2)->NewName;
        op = RegmonOpRenameKey;
        break;
    default:
        return STATUS_SUCCESS;
    }

    /* kernel mode callers (the config manager itself, other drivers) are not interesting */
    if (ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Reg.Cookie, keyObject, NULL, &keyName, 0))) {
        return STATUS_SUCCESS;
    }

    if (g_Reg.ProtectSelf &&
        RtlPrefixUnicodeString(&g_Reg.ServiceKey, keyName, TRUE)) {
        DBG_PRINT("blocked op %d on own key from pid %p\n", op, PsGetCurrentProcessId());
        result = STATUS_ACCESS_DENIED;
    }

    RegQueueRecord(op, keyName, valueName, result);

    CmCallbackReleaseKeyObjectIDEx(keyName);
    return result;
}
