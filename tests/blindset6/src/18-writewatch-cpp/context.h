#pragma once

#include <fltKernel.h>

namespace ww {

constexpr ULONG kTag = 'wWrW';
constexpr ULONG kBuckets = 64;

struct ProcessStat
{
    LIST_ENTRY Link;
    HANDLE     ProcessId;
    ULONG64    Writes;
    ULONG64    Bytes;
};

class DriverContext
{
public:
    NTSTATUS Init(PCUNICODE_STRING registryPath);
    void     Destroy();

    void     CountWrite(HANDLE pid, ULONG bytes);
    ULONG    Snapshot(ProcessStat* out, ULONG max);

    PFLT_FILTER Filter;

private:
    ULONG    Bucket(HANDLE pid) const { return (ULONG)(((ULONG_PTR)pid >> 2) % kBuckets); }

    UNICODE_STRING          m_registryPath;
    EX_SPIN_LOCK            m_lock;
    LIST_ENTRY              m_buckets[kBuckets];
    NPAGED_LOOKASIDE_LIST   m_pool;
    bool                    m_ready;
};

extern DriverContext g_Ctx;

} // namespace ww
