#include "regmon.h"

namespace regmon {

LIST_ENTRY Journal::s_list;
ULONG Journal::s_count;
util::Mutex Journal::s_mutex;

void Journal::Init()
{
    InitializeListHead(&s_list);
    s_count = 0;
    s_mutex.Init();
}

void Journal::Clear()
{
    util::Locker lock(s_mutex);
    while (!IsListEmpty(&s_list)) {
        auto node = CONTAINING_RECORD(RemoveHeadList(&s_list), Node, Link);
        ExFreePoolWithTag(node, REGMON_TAG);
    }
    s_count = 0;
}

void Journal::Add(const Record& rec)
{
    auto node = util::PoolPtr<Node, REGMON_TAG>::Allocate(sizeof(Node));
    if (!node) {
        return;
    }
    node->Data = rec;

    util::Locker lock(s_mutex);
    if (s_count >= kMaxRecords) {
        auto oldest = CONTAINING_RECORD(RemoveHeadList(&s_list), Node, Link);
        ExFreePoolWithTag(oldest, REGMON_TAG);
        s_count--;
    }
    InsertTailList(&s_list, &node.Release()->Link);
    s_count++;
}

ULONG Journal::CopyOut(Record* out, ULONG maxCount)
{
    ULONG n = 0;
    util::Locker lock(s_mutex);

    while (n < maxCount && !IsListEmpty(&s_list)) {
        auto node = CONTAINING_RECORD(RemoveHeadList(&s_list), Node, Link);
        out[n++] = node->Data;
        ExFreePoolWithTag(node, REGMON_TAG);
        s_count--;
    }
    return n;
}

static void CopyName(WCHAR* dst, USHORT dstChars, PCUNICODE_STRING src)
{
    if (!src || !src->Buffer) {
        dst[0] = L'\0';
        return;
    }
    USHORT chars = src->Length / sizeof(WCHAR);
    if (chars >= dstChars) {
        chars = dstChars - 1;
    }
    RtlCopyMemory(dst, src->Buffer, chars * sizeof(WCHAR));
    dst[chars] = L'\0';
}

void Filter::Capture(Op op, PVOID keyObject, PCUNICODE_STRING valueName)
{
    Record rec = {};
    rec.Operation = op;
    rec.ProcessId = HandleToULong(PsGetCurrentProcessId());
    KeQuerySystemTimePrecise(&rec.Time);

    PCUNICODE_STRING keyName = nullptr;
    if (NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_RegCookie, keyObject, nullptr, &keyName, 0))) {
        CopyName(rec.Key, kMaxKeyChars, keyName);
        CmCallbackReleaseKeyObjectIDEx(keyName);
    }
    CopyName(rec.Value, kMaxValueChars, valueName);

    Journal::Add(rec);
}

NTSTATUS Filter::OnRegistry(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);

    if (ExGetPreviousMode() == KernelMode || Argument2 == nullptr) {
        return STATUS_SUCCESS;
    }

    switch (static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1))) {
    case RegNtPostSetValueKey: {
        auto info = static_cast<PREG_POST_OPERATION_INFORMATION>(Argument2);
        if (NT_SUCCESS(info->Status)) {
            auto pre = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(info->PreInformation);
            Capture(Op::SetValue, info->Object, pre ? pre->ValueName : nullptr);
        }
        break;
    }
    case RegNtPreDeleteValueKey: {
        auto info = static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(Argument2);
        Capture(Op::DeleteValue, info->Object, info->ValueName);
        break;
    }
    case RegNtPreDeleteKey: {
        auto info = static_cast<PREG_DELETE_KEY_INFORMATION>(Argument2);
        Capture(Op::DeleteKey, info->Object, nullptr);
        break;
    }
    default:
        break;
    }
    return STATUS_SUCCESS;
}

} // namespace regmon
