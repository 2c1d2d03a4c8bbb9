#include "regaudit.h"

namespace regaudit {

Settings g_Settings = { 1, 1, 1 };

KSPIN_LOCK            AuditQueue::s_Lock;
LIST_ENTRY            AuditQueue::s_Head;
ULONG                 AuditQueue::s_Count;
NPAGED_LOOKASIDE_LIST AuditQueue::s_Lookaside;

//
// queue
//

void AuditQueue::Init()
{
    KeInitializeSpinLock(&s_Lock);
    InitializeListHead(&s_Head);
    s_Count = 0;
    ExInitializeNPagedLookasideList(&s_Lookaside, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(Node), RA_TAG_QUEUE, 0);
}

void AuditQueue::Destroy()
{
    LIST_ENTRY local;
    InitializeListHead(&local);
    {
        AutoSpinLock lock(&s_Lock);
        while (!IsListEmpty(&s_Head)) {
            InsertTailList(&local, RemoveHeadList(&s_Head));
        }
        s_Count = 0;
    }
    while (!IsListEmpty(&local)) {
        ExFreeToNPagedLookasideList(&s_Lookaside, CONTAINING_RECORD(RemoveHeadList(&local), Node, Link));
    }
    ExDeleteNPagedLookasideList(&s_Lookaside);
}

void AuditQueue::Add(Op Operation, PCUNICODE_STRING Key)
{
    auto node = static_cast<Node*>(ExAllocateFromNPagedLookasideList(&s_Lookaside));
    if (!node) {
        return;
    }
    RtlZeroMemory(&node->Data, sizeof(node->Data));
    node->Data.Operation = Operation;
    node->Data.ProcessId = HandleToULong(PsGetCurrentProcessId());
    KeQuerySystemTimePrecise(&node->Data.Time);

    if (Key && Key->Buffer) {
        USHORT bytes = min(Key->Length, static_cast<USHORT>((RA_KEY_CHARS - 1) * sizeof(WCHAR)));
        RtlCopyMemory(node->Data.Key, Key->Buffer, bytes);
    }

    Node* drop = nullptr;
    {
        AutoSpinLock lock(&s_Lock);
        if (s_Count < RA_MAX_RECORDS) {
            InsertTailList(&s_Head, &node->Link);
            s_Count++;
        } else {
            drop = node;
        }
    }
    if (drop) {
        ExFreeToNPagedLookasideList(&s_Lookaside, drop);
    }
}

ULONG AuditQueue::Fetch(Record* Out, ULONG Max)
{
    ULONG n = 0;
    AutoSpinLock lock(&s_Lock);
    while (n < Max && !IsListEmpty(&s_Head)) {
        auto node = CONTAINING_RECORD(RemoveHeadList(&s_Head), Node, Link);
        s_Count--;
        Out[n++] = node->Data;
        ExFreeToNPagedLookasideList(&s_Lookaside, node);
    }
    return n;
}

//
// registry callback
//

namespace {

LARGE_INTEGER g_Cookie = {};
bool          g_Registered = false;

void AuditKeyObject(Op Operation, PVOID KeyObject)
{
    PCUNICODE_STRING name = nullptr;
    if (NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Cookie, KeyObject, nullptr, &name, 0))) {
        AuditQueue::Add(Operation, name);
        CmCallbackReleaseKeyObjectIDEx(name);
    }
}

NTSTATUS OnRegistry(PVOID, PVOID Argument1, PVOID Argument2)
{
    if (!Argument2 || ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    switch (static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1))) {
    case RegNtPreCreateKeyEx:
        if (g_Settings.AuditCreate) {
            AuditQueue::Add(Op::CreateKey, static_cast<PREG_CREATE_KEY_INFORMATION>(Argument2)->CompleteName);
        }
        break;

    case RegNtPreSetValueKey:
        if (g_Settings.AuditSetValue) {
            AuditKeyObject(Op::SetValue, static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Argument2)->Object);
        }
        break;

    case RegNtPreDeleteKey:
        if (g_Settings.AuditDelete) {
            AuditKeyObject(Op::DeleteKey, static_cast<PREG_DELETE_KEY_INFORMATION>(Argument2)->Object);
        }
        break;

    case RegNtPreDeleteValueKey:
        if (g_Settings.AuditDelete) {
            AuditKeyObject(Op::DeleteValue, static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(Argument2)->Object);
        }
        break;

    default:
        break;
    }

    return STATUS_SUCCESS;
}

} // namespace

NTSTATUS RegisterRegistryCallback(PDRIVER_OBJECT DriverObject, PCUNICODE_STRING Altitude)
{
    NTSTATUS status = CmRegisterCallbackEx(OnRegistry, Altitude, DriverObject, nullptr, &g_Cookie, nullptr);
    if (NT_SUCCESS(status)) {
        g_Registered = true;
    } else {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_CALLBACK, "CmRegisterCallbackEx 0x%08X", status);
    }
    return status;
}

void UnregisterRegistryCallback()
{
    if (g_Registered) {
        NTSTATUS status = CmUnRegisterCallback(g_Cookie);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_WARNING, TRACE_CALLBACK, "CmUnRegisterCallback 0x%08X", status);
        }
        g_Registered = false;
    }
}

} // namespace regaudit
