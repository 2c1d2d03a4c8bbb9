#include "tracker.h"

namespace imgtrack {

NTSTATUS ImageTracker::Initialize()
{
    InitializeListHead(&m_list);
    ExInitializeFastMutex(&m_lock);
    m_count = 0;

    NTSTATUS status = ExInitializeLookasideListEx(&m_lookaside,
                                                  nullptr,
                                                  nullptr,
                                                  NonPagedPoolNx,
                                                  0,
                                                  sizeof(ImageRecord),
                                                  kTag,
                                                  0);
    m_initialized = NT_SUCCESS(status);
    return status;
}

void ImageTracker::Shutdown()
{
    if (!m_initialized) {
        return;
    }

    {
        FastMutexLock lock(&m_lock);
        while (!IsListEmpty(&m_list)) {
            auto entry = RemoveHeadList(&m_list);
            ExFreeToLookasideListEx(&m_lookaside, CONTAINING_RECORD(entry, ImageRecord, Link));
        }
        m_count = 0;
    }

    ExDeleteLookasideListEx(&m_lookaside);
    m_initialized = false;
}

void ImageTracker::FreeOldest()
{
    // caller holds m_lock
    auto entry = RemoveHeadList(&m_list);
    ExFreeToLookasideListEx(&m_lookaside, CONTAINING_RECORD(entry, ImageRecord, Link));
    m_count--;
}

void ImageTracker::Record(PCUNICODE_STRING name, HANDLE pid, const IMAGE_INFO* info)
{
    auto rec = static_cast<ImageRecord*>(ExAllocateFromLookasideListEx(&m_lookaside));
    if (rec == nullptr) {
        return;
    }

    RtlZeroMemory(rec, sizeof(*rec));
    rec->ProcessId = pid;
    rec->ImageBase = info->ImageBase;
    rec->ImageSize = info->ImageSize;
    rec->SystemMode = info->SystemModeImage ? TRUE : FALSE;

    if (name != nullptr && name->Buffer != nullptr) {
        USHORT chars = name->Length / sizeof(WCHAR);
        if (chars >= RTL_NUMBER_OF(rec->Name)) {
            // keep the tail, it has the file name
            auto skip = chars - (RTL_NUMBER_OF(rec->Name) - 1);
            RtlCopyMemory(rec->Name, name->Buffer + skip, (chars - skip) * sizeof(WCHAR));
        } else {
            RtlCopyMemory(rec->Name, name->Buffer, chars * sizeof(WCHAR));
        }
    }

    FastMutexLock lock(&m_lock);
    if (m_count >= kMaxRecords) {
        FreeOldest();
    }
    InsertTailList(&m_list, &rec->Link);
    m_count++;
}

void ImageTracker::ForgetProcess(HANDLE pid)
{
    FastMutexLock lock(&m_lock);

    auto entry = m_list.Flink;
    while (entry != &m_list) {
        auto rec = CONTAINING_RECORD(entry, ImageRecord, Link);
        entry = entry->Flink;
        if (rec->ProcessId == pid) {
            RemoveEntryList(&rec->Link);
            ExFreeToLookasideListEx(&m_lookaside, rec);
            m_count--;
        }
    }
}

} // namespace imgtrack
