#include "context.h"

namespace ww {

DriverContext g_Ctx;

NTSTATUS DriverContext::Init(PCUNICODE_STRING registryPath)
{
    Filter = nullptr;
    m_lock = 0;
    m_ready = false;

    m_registryPath.Length = 0;
    m_registryPath.MaximumLength = registryPath->Length;
    m_registryPath.Buffer = static_cast<PWCH>(
        ExAllocatePool2(POOL_FLAG_PAGED, registryPath->Length, kTag));
    if (m_registryPath.Buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&m_registryPath, registryPath);

    for (ULONG i = 0; i < kBuckets; i++) {
        InitializeListHead(&m_buckets[i]);
    }

    ExInitializeNPagedLookasideList(&m_pool, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(ProcessStat), kTag, 0);
    m_ready = true;
    return STATUS_SUCCESS;
}

void DriverContext::Destroy()
{
    if (m_ready) {
        for (ULONG i = 0; i < kBuckets; i++) {
            while (!IsListEmpty(&m_buckets[i])) {
                auto e = RemoveHeadList(&m_buckets[i]);
                ExFreeToNPagedLookasideList(&m_pool, CONTAINING_RECORD(e, ProcessStat, Link));
            }
        }
        ExDeleteNPagedLookasideList(&m_pool);
        m_ready = false;
    }

    if (m_registryPath.Buffer != nullptr) {
        ExFreePoolWithTag(m_registryPath.Buffer, kTag);
        m_registryPath.Buffer = nullptr;
    }
}

void DriverContext::CountWrite(HANDLE pid, ULONG bytes)
{
    auto& head = m_buckets[Bucket(pid)];
    KIRQL irql = ExAcquireSpinLockExclusive(&m_lock);

    ProcessStat* hit = nullptr;
    for (auto e = head.Flink; e != &head; e = e->Flink) {
        auto s = CONTAINING_RECORD(e, ProcessStat, Link);
        if (s->ProcessId == pid) {
            hit = s;
            break;
        }
    }

    if (hit == nullptr) {
        hit = static_cast<ProcessStat*>(ExAllocateFromNPagedLookasideList(&m_pool));
        if (hit != nullptr) {
            RtlZeroMemory(hit, sizeof(*hit));
            hit->ProcessId = pid;
            InsertHeadList(&head, &hit->Link);
        }
    }

    if (hit != nullptr) {
        hit->Writes++;
        hit->Bytes += bytes;
    }

    ExReleaseSpinLockExclusive(&m_lock, irql);
}

ULONG DriverContext::Snapshot(ProcessStat* out, ULONG max)
{
    ULONG n = 0;
    KIRQL irql = ExAcquireSpinLockShared(&m_lock);

    for (ULONG i = 0; i < kBuckets && n < max; i++) {
        for (auto e = m_buckets[i].Flink; e != &m_buckets[i] && n < max; e = e->Flink) {
            out[n++] = *CONTAINING_RECORD(e, ProcessStat, Link);
        }
    }

    ExReleaseSpinLockShared(&m_lock, irql);
    return n;
}

} // namespace ww
