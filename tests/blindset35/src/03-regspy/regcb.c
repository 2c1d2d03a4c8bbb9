/*
 * regcb.c - registry callback and the record queue
 */
#include "regspy.h"

/* ------------------------------------------------------------------------ */

NTSTATUS RsQueueInit(VOID)
{
    KeInitializeSpinLock(&g_Spy.QueueLock);
    InitializeListHead(&g_Spy.Queue);
    g_Spy.Pending = 0;
    g_Spy.Lost = 0;

    ExInitializeNPagedLookasideList(&g_Spy.Pool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(RS_ENTRY), RS_TAG, 0);
    return STATUS_SUCCESS;
}

VOID RsQueueDrain(VOID)
{
    KIRQL irql;
    LIST_ENTRY local;

    InitializeListHead(&local);

    KeAcquireSpinLock(&g_Spy.QueueLock, &irql);
    while (!IsListEmpty(&g_Spy.Queue)) {
        PLIST_ENTRY e = RemoveHeadList(&g_Spy.Queue);
        InsertTailList(&local, e);
    }
    g_Spy.Pending = 0;
    KeReleaseSpinLock(&g_Spy.QueueLock, irql);

    while (!IsListEmpty(&local)) {
        PLIST_ENTRY e = RemoveHeadList(&local);
        ExFreeToNPagedLookasideList(&g_Spy.Pool, CONTAINING_RECORD(e, RS_ENTRY, Link));
    }
}

VOID RsQueueTeardown(VOID)
{
    RsQueueDrain();
    ExDeleteNPagedLookasideList(&g_Spy.Pool);
}

ULONG RsQueueRead(PRS_RECORD Out, ULONG MaxCount)
{
    ULONG n = 0;
    KIRQL irql;

    while (n < MaxCount) {
        PRS_ENTRY entry = NULL;

        KeAcquireSpinLock(&g_Spy.QueueLock, &irql);
        if (!IsListEmpty(&g_Spy.Queue)) {
            entry = CONTAINING_RECORD(RemoveHeadList(&g_Spy.Queue), RS_ENTRY, Link);
            g_Spy.Pending--;
        }
        KeReleaseSpinLock(&g_Spy.QueueLock, irql);

        if (entry == NULL)
            break;

        RtlCopyMemory(&Out[n++], &entry->Rec, sizeof(RS_RECORD));
        ExFreeToNPagedLookasideList(&g_Spy.Pool, entry);
    }
    return n;
}

static VOID RsEnqueue(PRS_ENTRY Entry)
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Spy.QueueLock, &irql);
    if (g_Spy.Pending < RS_MAX_PENDING) {
        InsertTailList(&g_Spy.Queue, &Entry->Link);
        g_Spy.Pending++;
        Entry = NULL;
    }
    KeReleaseSpinLock(&g_Spy.QueueLock, irql);

    if (Entry) {
        InterlockedIncrement(&g_Spy.Lost);
        ExFreeToNPagedLookasideList(&g_Spy.Pool, Entry);
    }
}

/* ------------------------------------------------------------------------ */

static VOID RsCopyName(PWCHAR Dst, ULONG DstChars, PCUNICODE_STRING Src)
{
    ULONG chars;

    if (Src == NULL || Src->Buffer == NULL)
        return;
    chars = Src->Length / sizeof(WCHAR);
    if (chars >= DstChars)
        chars = DstChars - 1;
    RtlCopyMemory(Dst, Src->Buffer, chars * sizeof(WCHAR));
    Dst[chars] = L'\0';
}

static VOID RsLog(ULONG Op, PVOID KeyObject, PCUNICODE_STRING ValueName, ULONG Type)
{
    PCUNICODE_STRING keyName = NULL;
    PRS_ENTRY entry;
    NTSTATUS status;

    status = CmCallbackGetKeyObjectIDEx(&g_Spy.Cookie, KeyObject, NULL, &keyName, 0);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_CALLBACK, "no key name 0x%X", status);
        return;
    }

    /* don't log what the service control manager does to our own key */
    if (g_Spy.ServiceKey.Length && RtlPrefixUnicodeString(&g_Spy.ServiceKey, keyName, TRUE)) {
        CmCallbackReleaseKeyObjectIDEx(keyName);
        return;
    }

    entry = (PRS_ENTRY)ExAllocateFromNPagedLookasideList(&g_Spy.Pool);
    if (entry == NULL) {
        InterlockedIncrement(&g_Spy.Lost);
        CmCallbackReleaseKeyObjectIDEx(keyName);
        return;
    }
    RtlZeroMemory(entry, sizeof(*entry));

    entry->Rec.Operation = Op;
    entry->Rec.ProcessId = HandleToULong(PsGetCurrentProcessId());
    entry->Rec.ValueType = Type;
    KeQuerySystemTime(&entry->Rec.Time);
    RsCopyName(entry->Rec.KeyName, RS_NAME_CHARS, keyName);
    RsCopyName(entry->Rec.ValueName, RTL_NUMBER_OF(entry->Rec.ValueName), ValueName);

    CmCallbackReleaseKeyObjectIDEx(keyName);

    RsEnqueue(entry);
}

NTSTATUS RsRegistryCallback(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (Argument2 == NULL || ExGetPreviousMode() == KernelMode)
        return STATUS_SUCCESS;

    switch (cls) {
    case RegNtPreSetValueKey: {
        PREG_SET_VALUE_KEY_INFORMATION info = (PREG_SET_VALUE_KEY_INFORMATION)Argument2;
        RsLog(RS_OP_SETVALUE, info->Object, info->ValueName, info->Type);
        break;
    }
    case RegNtPreDeleteValueKey: {
        PREG_DELETE_VALUE_KEY_INFORMATION info = (PREG_DELETE_VALUE_KEY_INFORMATION)Argument2;
        RsLog(RS_OP_DELVALUE, info->Object, info->ValueName, 0);
        break;
    }
    case RegNtPreDeleteKey: {
        PREG_DELETE_KEY_INFORMATION info = (PREG_DELETE_KEY_INFORMATION)Argument2;
        RsLog(RS_OP_DELKEY, info->Object, NULL, 0);
        break;
    }
    default:
        break;
    }

    /* never block anything, we only watch */
    return STATUS_SUCCESS;
}
