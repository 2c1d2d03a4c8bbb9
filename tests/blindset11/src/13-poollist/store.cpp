// store.cpp - the record list
#include "store.h"

namespace plist {

RecordStore::RecordStore(ULONG limit) : m_count(0), m_limit(limit ? limit : kDefaultLimit)
{
    m_lock.Init();
    InitializeListHead(&m_head);
}

RecordStore::~RecordStore()
{
    // nobody else can touch the list any more when we get here
    while (!IsListEmpty(&m_head)) {
        auto rec = CONTAINING_RECORD(RemoveHeadList(&m_head), Record, Link);
        delete rec;
    }
    m_count = 0;
}

bool RecordStore::Add(ULONG pid, ULONG parent, PCUNICODE_STRING image)
{
    auto rec = new Record;
    if (rec == nullptr) {
        return false;
    }
    RtlZeroMemory(&rec->Info, sizeof(rec->Info));
    rec->Info.ProcessId = pid;
    rec->Info.ParentId = parent;
    KeQuerySystemTime(&rec->Info.CreateTime);

    if (image != nullptr && image->Buffer != nullptr) {
        // keep the tail of the path, that is where the file name is
        USHORT chars = image->Length / sizeof(WCHAR);
        USHORT start = chars > kImageChars - 1 ? static_cast<USHORT>(chars - (kImageChars - 1)) : 0;
        RtlCopyMemory(rec->Info.Image, image->Buffer + start, (chars - start) * sizeof(WCHAR));
    }

    Record* evicted = nullptr;
    {
        Locker<SpinLock> lock(m_lock);
        if (m_count >= m_limit) {
            evicted = CONTAINING_RECORD(RemoveHeadList(&m_head), Record, Link);
            m_count--;
        }
        InsertTailList(&m_head, &rec->Link);
        m_count++;
    }
    delete evicted;
    return true;
}

bool RecordStore::Remove(ULONG pid)
{
    Record* found = nullptr;
    {
        Locker<SpinLock> lock(m_lock);
        for (auto e = m_head.Flink; e != &m_head; e = e->Flink) {
            auto rec = CONTAINING_RECORD(e, Record, Link);
            if (rec->Info.ProcessId == pid) {
                RemoveEntryList(e);
                m_count--;
                found = rec;
                break;
            }
        }
    }
    delete found;
    return found != nullptr;
}

ULONG RecordStore::Snapshot(RecordInfo* out, ULONG max)
{
    ULONG n = 0;
    Locker<SpinLock> lock(m_lock);
    for (auto e = m_head.Flink; e != &m_head && n < max; e = e->Flink) {
        out[n++] = CONTAINING_RECORD(e, Record, Link)->Info;
    }
    return n;
}

NTSTATUS LoadConfig(PCUNICODE_STRING registryPath, Config* config)
{
    config->MaxRecords = kDefaultLimit;
    config->Flags = 0;

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(registryPath),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    HANDLE key = nullptr;
    NTSTATUS status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"MaxRecords");
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buffer);
    ULONG len = 0;

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, sizeof(buffer), &len);
    if (NT_SUCCESS(status) && info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        ULONG v = *reinterpret_cast<PULONG>(info->Data);
        if (v >= 16 && v <= 65536) {
            config->MaxRecords = v;
        }
    }
    ZwClose(key);
    return STATUS_SUCCESS;
}

} // namespace plist
