#pragma once

#include <ntddk.h>

namespace imgtrack {

constexpr ULONG kTag = 'kTmI';
constexpr ULONG kMaxRecords = 512;

struct ImageRecord
{
    LIST_ENTRY  Link;
    HANDLE      ProcessId;
    PVOID       ImageBase;
    SIZE_T      ImageSize;
    BOOLEAN     SystemMode;
    WCHAR       Name[96];
};

class ImageTracker
{
public:
    NTSTATUS Initialize();
    void     Shutdown();

    void     Record(PCUNICODE_STRING name, HANDLE pid, const IMAGE_INFO* info);
    void     ForgetProcess(HANDLE pid);
    ULONG    Count() const { return m_count; }

private:
    void     FreeOldest();

    LOOKASIDE_LIST_EX m_lookaside;
    LIST_ENTRY        m_list;
    FAST_MUTEX        m_lock;
    ULONG             m_count;
    bool              m_initialized;
};

class FastMutexLock
{
public:
    explicit FastMutexLock(PFAST_MUTEX m) : m_mutex(m) { ExAcquireFastMutex(m_mutex); }
    ~FastMutexLock() { ExReleaseFastMutex(m_mutex); }
private:
    PFAST_MUTEX m_mutex;
};

} // namespace imgtrack
