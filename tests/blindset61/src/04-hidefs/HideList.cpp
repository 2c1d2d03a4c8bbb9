#include "HideList.h"
#include "Guard.h"

ERESOURCE  HideList::s_lock;
LIST_ENTRY HideList::s_head;
HANDLE     HideList::s_trusted[HF_MAX_TRUSTED];
bool       HideList::s_ready = false;

static const PCWSTR kDefaultHidden[] = {
    L"hidectl.exe",
    L"hidefs.sys",
    L"$hf_vault",
};

NTSTATUS HideList::Initialize()
{
    NTSTATUS status = ExInitializeResourceLite(&s_lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    InitializeListHead(&s_head);
    RtlZeroMemory(s_trusted, sizeof(s_trusted));
    s_ready = true;

    for (auto name : kDefaultHidden) {
        UNICODE_STRING us;
        RtlInitUnicodeString(&us, name);
        status = Add(&us);
        if (!NT_SUCCESS(status)) {
            Destroy();
            return status;
        }
    }
    return STATUS_SUCCESS;
}

void HideList::Destroy()
{
    if (!s_ready) {
        return;
    }
    {
        kx::ExclusiveLock lock(&s_lock);
        while (!IsListEmpty(&s_head)) {
            PLIST_ENTRY le = RemoveHeadList(&s_head);
            ExFreePoolWithTag(CONTAINING_RECORD(le, Entry, Link), HF_TAG);
        }
    }
    ExDeleteResourceLite(&s_lock);
    s_ready = false;
}

NTSTATUS HideList::Add(_In_ PCUNICODE_STRING Name)
{
    SIZE_T cb = FIELD_OFFSET(Entry, Storage) + Name->Length + sizeof(WCHAR);
    auto e = static_cast<Entry*>(ExAllocatePool2(POOL_FLAG_PAGED, cb, HF_TAG));
    if (!e) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(e->Storage, Name->Buffer, Name->Length);
    e->Name.Buffer = e->Storage;
    e->Name.Length = Name->Length;
    e->Name.MaximumLength = Name->Length + sizeof(WCHAR);

    kx::ExclusiveLock lock(&s_lock);
    InsertTailList(&s_head, &e->Link);
    return STATUS_SUCCESS;
}

bool HideList::IsHidden(_In_ PCUNICODE_STRING FinalComponent)
{
    kx::SharedLock lock(&s_lock);
    for (PLIST_ENTRY le = s_head.Flink; le != &s_head; le = le->Flink) {
        auto e = CONTAINING_RECORD(le, Entry, Link);
        if (RtlEqualUnicodeString(&e->Name, FinalComponent, TRUE)) {
            return true;
        }
    }
    return false;
}

void HideList::TrustProcess(_In_ HANDLE Pid)
{
    kx::ExclusiveLock lock(&s_lock);
    for (auto& slot : s_trusted) {
        if (slot == nullptr || slot == Pid) {
            slot = Pid;
            return;
        }
    }
    HFLOG("trusted table full, pid %p ignored", Pid);
}

void HideList::ForgetProcess(_In_ HANDLE Pid)
{
    kx::ExclusiveLock lock(&s_lock);
    for (auto& slot : s_trusted) {
        if (slot == Pid) {
            slot = nullptr;
        }
    }
}

bool HideList::IsTrusted(_In_ HANDLE Pid)
{
    kx::SharedLock lock(&s_lock);
    for (auto slot : s_trusted) {
        if (slot == Pid) {
            return true;
        }
    }
    return false;
}
