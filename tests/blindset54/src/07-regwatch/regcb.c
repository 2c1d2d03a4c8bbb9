/*
 * regcb.c - registry callback, event queue, config
 */
#include "regwatch.h"

VOID
RwQueueInit(VOID)
{
    KeInitializeSpinLock(&g_Rw.QueueLock);
    InitializeListHead(&g_Rw.Queue);
    g_Rw.Queued  = 0;
    g_Rw.Dropped = 0;
    ExInitializeNPagedLookasideList(&g_Rw.Lookaside, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(RW_ENTRY), RW_TAG, 0);
}

VOID
RwQueueDestroy(VOID)
{
    PLIST_ENTRY le;

    /* no lock: only called once nothing can add to the queue */
    while (!IsListEmpty(&g_Rw.Queue)) {
        le = RemoveHeadList(&g_Rw.Queue);
        ExFreeToNPagedLookasideList(&g_Rw.Lookaside, CONTAINING_RECORD(le, RW_ENTRY, Link));
    }
    g_Rw.Queued = 0;
    ExDeleteNPagedLookasideList(&g_Rw.Lookaside);
}

static VOID
RwQueuePush(_In_ PRW_ENTRY Entry)
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Rw.QueueLock, &irql);
    if (g_Rw.Queued >= RW_MAX_QUEUED) {
        g_Rw.Dropped++;
        KeReleaseSpinLock(&g_Rw.QueueLock, irql);
        ExFreeToNPagedLookasideList(&g_Rw.Lookaside, Entry);
        return;
    }
    InsertTailList(&g_Rw.Queue, &Entry->Link);
    g_Rw.Queued++;
    KeReleaseSpinLock(&g_Rw.QueueLock, irql);
}

ULONG
RwQueueDrain(
    _Out_writes_bytes_(Length) PVOID Buffer,
    _In_ ULONG Length
    )
{
    PRW_RECORD out = (PRW_RECORD)Buffer;
    ULONG n = 0, max = Length / sizeof(RW_RECORD);
    PRW_ENTRY e;
    KIRQL irql;

    while (n < max) {
        KeAcquireSpinLock(&g_Rw.QueueLock, &irql);
        if (IsListEmpty(&g_Rw.Queue)) {
            KeReleaseSpinLock(&g_Rw.QueueLock, irql);
            break;
        }
        e = CONTAINING_RECORD(RemoveHeadList(&g_Rw.Queue), RW_ENTRY, Link);
        g_Rw.Queued--;
        KeReleaseSpinLock(&g_Rw.QueueLock, irql);

        out[n++] = e->Rec;
        ExFreeToNPagedLookasideList(&g_Rw.Lookaside, e);
    }
    return n * sizeof(RW_RECORD);
}

static VOID
CopyName(PWCHAR Dst, ULONG DstChars, PCUNICODE_STRING Src)
{
    ULONG chars = 0;

    if (Src != NULL && Src->Buffer != NULL) {
        chars = min(Src->Length / sizeof(WCHAR), DstChars - 1);
        RtlCopyMemory(Dst, Src->Buffer, chars * sizeof(WCHAR));
    }
    Dst[chars] = L'\0';
}

NTSTATUS
RwRegistryCallback(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PREG_POST_OPERATION_INFORMATION post;
    PREG_SET_VALUE_KEY_INFORMATION pre;
    PCUNICODE_STRING keyName = NULL;
    PRW_ENTRY e;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (cls != RegNtPostSetValueKey || Argument2 == NULL) {
        return STATUS_SUCCESS;
    }

    post = (PREG_POST_OPERATION_INFORMATION)Argument2;
    if (!NT_SUCCESS(post->Status) || post->PreInformation == NULL) {
        return STATUS_SUCCESS;
    }
    pre = (PREG_SET_VALUE_KEY_INFORMATION)post->PreInformation;

    status = CmCallbackGetKeyObjectIDEx(&g_Rw.Cookie, post->Object, NULL, &keyName, 0);
    if (!NT_SUCCESS(status)) {
        return STATUS_SUCCESS;
    }

    if (!RtlPrefixUnicodeString(&g_Rw.Prefix, keyName, TRUE)) {
        CmCallbackReleaseKeyObjectIDEx(keyName);
        return STATUS_SUCCESS;
    }

    e = (PRW_ENTRY)ExAllocateFromNPagedLookasideList(&g_Rw.Lookaside);
    if (e != NULL) {
        KeQuerySystemTime(&e->Rec.Time);
        e->Rec.ProcessId = HandleToULong(PsGetCurrentProcessId());
        e->Rec.Type      = pre->Type;
        CopyName(e->Rec.KeyName, RW_NAME_CHARS, keyName);
        CopyName(e->Rec.ValueName, RW_VALUE_CHARS, pre->ValueName);
        RwQueuePush(e);
        RW_INFO("set %wZ\\%wZ by pid %lu", keyName, pre->ValueName, e->Rec.ProcessId);
    }

    CmCallbackReleaseKeyObjectIDEx(keyName);
    return STATUS_SUCCESS;
}

/*
 * Optional REG_SZ "Prefix" under the service key. Returns a pool copy
 * (RW_TAG) either of the value or of the default.
 */
NTSTATUS
RwReadPrefix(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PUNICODE_STRING Prefix
    )
{
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"Prefix");
    UNICODE_STRING def = RTL_CONSTANT_STRING(RW_DEFAULT_PREFIX);
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;
    OBJECT_ATTRIBUTES oa;
    HANDLE key = NULL;
    ULONG len = 0;
    USHORT cb;
    PCWSTR src = def.Buffer;
    NTSTATUS status;

    cb = def.Length;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (NT_SUCCESS(ZwOpenKey(&key, KEY_QUERY_VALUE, &oa))) {
        status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, NULL, 0, &len);
        if ((status == STATUS_BUFFER_TOO_SMALL || status == STATUS_BUFFER_OVERFLOW) && len < 4096) {
            info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePoolWithTag(PagedPool, len, RW_TAG);
            if (info != NULL &&
                NT_SUCCESS(ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, len, &len)) &&
                info->Type == REG_SZ && info->DataLength >= 2 * sizeof(WCHAR)) {
                src = (PCWSTR)info->Data;
                cb  = (USHORT)(info->DataLength - sizeof(WCHAR));   /* drop the NUL */
            }
        }
        ZwClose(key);
    }

    Prefix->Buffer = (PWCH)ExAllocatePoolWithTag(NonPagedPoolNx, cb, RW_TAG);
    if (Prefix->Buffer == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        RtlCopyMemory(Prefix->Buffer, src, cb);
        Prefix->Length = Prefix->MaximumLength = cb;
        status = STATUS_SUCCESS;
    }

    if (info != NULL) {
        ExFreePoolWithTag(info, RW_TAG);
    }
    return status;
}
