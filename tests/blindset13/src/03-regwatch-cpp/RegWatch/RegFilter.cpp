//
// RegFilter.cpp - registry callback, keeps the last kMaxRecords write-type
// operations in a list guarded by a fast mutex.
//
#include "RegFilter.h"

namespace regwatch {

LARGE_INTEGER RegFilter::Cookie;
LIST_ENTRY RegFilter::s_head;
ULONG RegFilter::s_count;
kstl::FastMutex RegFilter::s_lock;

void RegFilter::Init()
{
    InitializeListHead(&s_head);
    s_count = 0;
    s_lock.Init();
}

void RegFilter::FreeAll()
{
    kstl::AutoLock<kstl::FastMutex> lock(s_lock);
    while (!IsListEmpty(&s_head)) {
        auto entry = RemoveHeadList(&s_head);
        delete CONTAINING_RECORD(entry, RegRecord, Link);
    }
    s_count = 0;
}

ULONG RegFilter::Read(RegRecordOut* out, ULONG maxCount)
{
    ULONG n = 0;
    kstl::AutoLock<kstl::FastMutex> lock(s_lock);
    while (n < maxCount && !IsListEmpty(&s_head)) {
        kstl::unique_pool<RegRecord> rec(
            CONTAINING_RECORD(RemoveHeadList(&s_head), RegRecord, Link));
        --s_count;
        out[n].Time = rec->Time;
        out[n].ProcessId = rec->ProcessId;
        out[n].Op = rec->Op;
        RtlCopyMemory(out[n].Path, rec->Path, sizeof(out[n].Path));
        ++n;
    }
    return n;
}

void RegFilter::Add(RegOp op, PVOID keyObject, PCUNICODE_STRING valueName)
{
    kstl::unique_pool<RegRecord> rec(new (kstl::Pool::Paged) RegRecord);
    if (!rec) {
        return;
    }
    RtlZeroMemory(rec.get(), sizeof(RegRecord));
    KeQuerySystemTimePrecise(&rec->Time);
    rec->ProcessId = HandleToULong(PsGetCurrentProcessId());
    rec->Op = op;

    UNICODE_STRING path;
    RtlInitEmptyUnicodeString(&path, rec->Path, sizeof(rec->Path) - sizeof(WCHAR));

    PCUNICODE_STRING keyName = nullptr;
    if (keyObject && NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&Cookie, keyObject, nullptr, &keyName, 0))) {
        RtlAppendUnicodeStringToString(&path, keyName);
        CmCallbackReleaseKeyObjectIDEx(keyName);
    }
    if (valueName && valueName->Length) {
        RtlAppendUnicodeToString(&path, L"\\");
        RtlAppendUnicodeStringToString(&path, valueName);
    }

    kstl::AutoLock<kstl::FastMutex> lock(s_lock);
    if (s_count >= kMaxRecords) {
        auto old = RemoveHeadList(&s_head);
        delete CONTAINING_RECORD(old, RegRecord, Link);
        --s_count;
    }
    InsertTailList(&s_head, &rec.release()->Link);
    ++s_count;
}

NTSTATUS RegFilter::OnRegistry(PVOID, PVOID Argument1, PVOID Argument2)
{
    if (ExGetPreviousMode() == KernelMode || Argument2 == nullptr) {
        return STATUS_SUCCESS;
    }

    switch (static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1))) {
    case RegNtPostSetValueKey: {
        auto info = static_cast<PREG_POST_OPERATION_INFORMATION>(Argument2);
        if (NT_SUCCESS(info->Status)) {
            auto pre = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(info->PreInformation);
            Add(RegOp::SetValue, info->Object, pre ? pre->ValueName : nullptr);
        }
        break;
    }
    case RegNtPreDeleteValueKey: {
        auto info = static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(Argument2);
        Add(RegOp::DeleteValue, info->Object, info->ValueName);
        break;
    }
    case RegNtPreDeleteKey: {
        auto info = static_cast<PREG_DELETE_KEY_INFORMATION>(Argument2);
        Add(RegOp::DeleteKey, info->Object, nullptr);
        break;
    }
    case RegNtPostCreateKeyEx: {
        auto info = static_cast<PREG_POST_OPERATION_INFORMATION>(Argument2);
        if (NT_SUCCESS(info->Status)) {
            Add(RegOp::CreateKey, info->Object, nullptr);
        }
        break;
    }
    default:
        break;
    }
    return STATUS_SUCCESS;
}

} // namespace regwatch
