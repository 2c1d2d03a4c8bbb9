// Events.cpp
#include "Events.h"
#include "trace.h"

namespace pg {

LIST_ENTRY            Events::s_List;
KSPIN_LOCK            Events::s_Lock;
ULONG                 Events::s_Count;
NPAGED_LOOKASIDE_LIST Events::s_Lookaside;
PWSTR                 BlockList::s_Multi = nullptr;

namespace {
struct SpinLocker {
    explicit SpinLocker(PKSPIN_LOCK l) : lock(l) { KeAcquireSpinLock(lock, &irql); }
    ~SpinLocker() { KeReleaseSpinLock(lock, irql); }
    PKSPIN_LOCK lock;
    KIRQL irql;
};
}

void Events::Init()
{
    InitializeListHead(&s_List);
    KeInitializeSpinLock(&s_Lock);
    s_Count = 0;
    ExInitializeNPagedLookasideList(&s_Lookaside, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(Node), PG_TAG, 0);
}

void Events::Destroy()
{
    {
        SpinLocker lock(&s_Lock);
        while (!IsListEmpty(&s_List)) {
            auto n = CONTAINING_RECORD(RemoveHeadList(&s_List), Node, Link);
            ExFreeToNPagedLookasideList(&s_Lookaside, n);
        }
        s_Count = 0;
    }
    ExDeleteNPagedLookasideList(&s_Lookaside);
}

void Events::Add(PG_EVENT_KIND Kind, HANDLE Pid, HANDLE Tid, PCUNICODE_STRING Name)
{
    auto n = static_cast<Node*>(ExAllocateFromNPagedLookasideList(&s_Lookaside));
    if (!n) {
        return;
    }
    RtlZeroMemory(&n->Ev, sizeof(n->Ev));
    n->Ev.Kind      = Kind;
    n->Ev.ProcessId = HandleToULong(Pid);
    n->Ev.ThreadId  = HandleToULong(Tid);
    KeQuerySystemTime(&n->Ev.Time);

    if (Name && Name->Buffer) {
        // keep the tail of the path, that's where the file name is
        USHORT chars = Name->Length / sizeof(WCHAR);
        USHORT keep  = min(chars, static_cast<USHORT>(PG_NAME_CHARS));
        RtlCopyMemory(n->Ev.Name, Name->Buffer + (chars - keep), keep * sizeof(WCHAR));
        n->Ev.NameChars = keep;
    }

    Node* drop = nullptr;
    {
        SpinLocker lock(&s_Lock);
        if (s_Count >= PG_MAX_EVENTS) {
            drop = CONTAINING_RECORD(RemoveHeadList(&s_List), Node, Link);
            s_Count--;
        }
        InsertTailList(&s_List, &n->Link);
        s_Count++;
    }
    if (drop) {
        ExFreeToNPagedLookasideList(&s_Lookaside, drop);
    }
}

ULONG Events::Read(PVOID Buffer, ULONG Length)
{
    auto out = static_cast<PG_EVENT*>(Buffer);
    ULONG max = Length / sizeof(PG_EVENT), n = 0;

    while (n < max) {
        Node* node = nullptr;
        {
            SpinLocker lock(&s_Lock);
            if (IsListEmpty(&s_List)) {
                break;
            }
            node = CONTAINING_RECORD(RemoveHeadList(&s_List), Node, Link);
            s_Count--;
        }
        out[n++] = node->Ev;
        ExFreeToNPagedLookasideList(&s_Lookaside, node);
    }
    return n * sizeof(PG_EVENT);
}

NTSTATUS BlockList::Load(PCUNICODE_STRING RegistryPath)
{
    UNICODE_STRING vn = RTL_CONSTANT_STRING(L"Blocked");
    OBJECT_ATTRIBUTES oa;
    HANDLE key = nullptr;
    ULONG len = 0;

    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(RegistryPath),
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, nullptr);
    NTSTATUS status = ZwOpenKey(&key, KEY_QUERY_VALUE, &oa);
    if (!NT_SUCCESS(status)) {
        return STATUS_SUCCESS;                  // no key, nothing blocked
    }

    status = ZwQueryValueKey(key, &vn, KeyValuePartialInformation, nullptr, 0, &len);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        ZwClose(key);
        return STATUS_SUCCESS;                  // no value, nothing blocked
    }

    auto kv = static_cast<PKEY_VALUE_PARTIAL_INFORMATION>(
        ExAllocatePoolWithTag(PagedPool, len, PG_TAG));
    if (!kv) {
        ZwClose(key);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ZwQueryValueKey(key, &vn, KeyValuePartialInformation, kv, len, &len);
    ZwClose(key);

    if (NT_SUCCESS(status) && kv->Type == REG_MULTI_SZ && kv->DataLength >= 2 * sizeof(WCHAR)) {
        // own copy with a guaranteed double NUL at the end
        ULONG cb = kv->DataLength + 2 * sizeof(WCHAR);
        s_Multi = static_cast<PWSTR>(ExAllocatePoolWithTag(PagedPool, cb, PG_TAG));
        if (s_Multi) {
            RtlZeroMemory(s_Multi, cb);
            RtlCopyMemory(s_Multi, kv->Data, kv->DataLength);
            status = STATUS_SUCCESS;
        } else {
            status = STATUS_INSUFFICIENT_RESOURCES;
        }
    } else {
        status = STATUS_SUCCESS;
    }

    ExFreePoolWithTag(kv, PG_TAG);
    return status;
}

void BlockList::Free()
{
    if (s_Multi) {
        ExFreePoolWithTag(s_Multi, PG_TAG);
        s_Multi = nullptr;
    }
}

bool BlockList::Matches(PCUNICODE_STRING ImagePath)
{
    if (!s_Multi || !ImagePath || !ImagePath->Buffer) {
        return false;
    }
    for (PWSTR p = s_Multi; *p; p += wcslen(p) + 1) {
        UNICODE_STRING entry;
        RtlInitUnicodeString(&entry, p);
        if (entry.Length > ImagePath->Length) {
            continue;
        }
        UNICODE_STRING tail;
        tail.Buffer = ImagePath->Buffer + (ImagePath->Length - entry.Length) / sizeof(WCHAR);
        tail.Length = tail.MaximumLength = entry.Length;
        if (RtlEqualUnicodeString(&tail, &entry, TRUE)) {
            return true;
        }
    }
    return false;
}

} // namespace pg
