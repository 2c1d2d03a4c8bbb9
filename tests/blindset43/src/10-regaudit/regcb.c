/*
 * regcb.c - post-operation registry auditing (value writes, key deletes)
 */
#include "regaudit.h"

static VOID
RaCopy(_Out_writes_(Cch) PWCHAR Dst, _In_ SIZE_T Cch, _In_opt_ PCUNICODE_STRING Src)
{
    SIZE_T n;

    Dst[0] = L'\0';
    if (Src == NULL || Src->Buffer == NULL) {
        return;
    }
    n = min(Src->Length / sizeof(WCHAR), Cch - 1);
    RtlCopyMemory(Dst, Src->Buffer, n * sizeof(WCHAR));
    Dst[n] = L'\0';
}

static VOID
RaEnqueue(_In_ PRA_NODE Node)
{
    KIRQL irql;
    PRA_NODE stale = NULL;

    KeAcquireSpinLock(&g_Ra.QueueLock, &irql);
    if (g_Ra.QueueLength >= RA_QUEUE_LIMIT) {
        stale = CONTAINING_RECORD(RemoveHeadList(&g_Ra.Queue), RA_NODE, Entry);
        g_Ra.QueueLength--;
    }
    InsertTailList(&g_Ra.Queue, &Node->Entry);
    g_Ra.QueueLength++;
    g_Ra.Audited++;
    KeReleaseSpinLock(&g_Ra.QueueLock, irql);

    if (stale != NULL) {
        ExFreeToNPagedLookasideList(&g_Ra.NodeCache, stale);
    }
}

static VOID
RaAudit(_In_ REG_NOTIFY_CLASS Class, _In_ PVOID Object, _In_ NTSTATUS Result,
        _In_opt_ PCUNICODE_STRING ValueName, _In_ ULONG DataType)
{
    PRA_NODE node;
    PCUNICODE_STRING keyName = NULL;

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Ra.Cookie, Object, NULL, &keyName, 0))) {
        return;
    }

    node = (PRA_NODE)ExAllocateFromNPagedLookasideList(&g_Ra.NodeCache);
    if (node != NULL) {
        RtlZeroMemory(node, sizeof(*node));
        node->Record.Class = (ULONG)Class;
        node->Record.ProcessId = HandleToULong(PsGetCurrentProcessId());
        node->Record.Result = Result;
        node->Record.DataType = DataType;
        KeQuerySystemTime(&node->Record.Timestamp);
        RaCopy(node->Record.KeyPath, ARRAYSIZE(node->Record.KeyPath), keyName);
        RaCopy(node->Record.ValueName, ARRAYSIZE(node->Record.ValueName), ValueName);
        RaEnqueue(node);
    }

    CmCallbackReleaseKeyObjectIDEx(keyName);
}

static NTSTATUS
RaRegistryCallback(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PREG_POST_OPERATION_INFORMATION post = (PREG_POST_OPERATION_INFORMATION)Argument2;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (post == NULL) {
        return STATUS_SUCCESS;
    }

    switch (cls) {
    case RegNtPostSetValueKey:
    {
        PREG_SET_VALUE_KEY_INFORMATION pre = (PREG_SET_VALUE_KEY_INFORMATION)post->PreInformation;
        if (pre != NULL) {
            RaAudit(cls, post->Object, post->Status, pre->ValueName, pre->Type);
        }
        break;
    }
    case RegNtPostDeleteValueKey:
    {
        PREG_DELETE_VALUE_KEY_INFORMATION pre = (PREG_DELETE_VALUE_KEY_INFORMATION)post->PreInformation;
        if (pre != NULL) {
            RaAudit(cls, post->Object, post->Status, pre->ValueName, 0);
        }
        break;
    }
    case RegNtPostDeleteKey:
        RaAudit(cls, post->Object, post->Status, NULL, 0);
        break;
    default:
        break;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
RaStartMonitor(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RA_ALTITUDE);

    status = CmRegisterCallbackEx(RaRegistryCallback, &altitude, DriverObject,
                                  NULL, &g_Ra.Cookie, NULL);
    if (!NT_SUCCESS(status)) {
        RA_FAIL("CmRegisterCallbackEx", status);
        return status;
    }
    g_Ra.CallbackRegistered = TRUE;
    return STATUS_SUCCESS;
}

VOID
RaStopMonitor(VOID)
{
    NTSTATUS status;

    if (!g_Ra.CallbackRegistered) {
        return;
    }
    status = CmUnRegisterCallback(g_Ra.Cookie);
    if (!NT_SUCCESS(status)) {
        RA_FAIL("CmUnRegisterCallback", status);
    }
    g_Ra.CallbackRegistered = FALSE;
}

VOID
RaFlushQueue(VOID)
{
    KIRQL irql;
    LIST_ENTRY local;

    InitializeListHead(&local);

    KeAcquireSpinLock(&g_Ra.QueueLock, &irql);
    while (!IsListEmpty(&g_Ra.Queue)) {
        InsertTailList(&local, RemoveHeadList(&g_Ra.Queue));
    }
    g_Ra.QueueLength = 0;
    KeReleaseSpinLock(&g_Ra.QueueLock, irql);

    while (!IsListEmpty(&local)) {
        ExFreeToNPagedLookasideList(&g_Ra.NodeCache,
                                    CONTAINING_RECORD(RemoveHeadList(&local), RA_NODE, Entry));
    }
}

ULONG
RaFetch(_Out_writes_(Max) PRA_RECORD Out, _In_ ULONG Max)
{
    KIRQL irql;
    ULONG n = 0;
    PRA_NODE node;

    while (n < Max) {
        KeAcquireSpinLock(&g_Ra.QueueLock, &irql);
        if (IsListEmpty(&g_Ra.Queue)) {
            KeReleaseSpinLock(&g_Ra.QueueLock, irql);
            break;
        }
        node = CONTAINING_RECORD(RemoveHeadList(&g_Ra.Queue), RA_NODE, Entry);
        g_Ra.QueueLength--;
        KeReleaseSpinLock(&g_Ra.QueueLock, irql);

        RtlCopyMemory(&Out[n++], &node->Record, sizeof(RA_RECORD));
        ExFreeToNPagedLookasideList(&g_Ra.NodeCache, node);
    }
    return n;
}
