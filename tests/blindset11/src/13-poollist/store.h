// store.h - PoolList: keeps one record per live process in a pool-allocated
// linked list; user mode lists them through IOCTL_PLIST_SNAPSHOT.
#pragma once

#include <ntifs.h>

namespace plist {

constexpr ULONG kTag            = 'tsLP';
constexpr ULONG kDefaultLimit   = 1024;
constexpr ULONG kImageChars     = 64;

#define IOCTL_PLIST_SNAPSHOT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x850, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PLIST_COUNT    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x851, METHOD_BUFFERED, FILE_READ_ACCESS)

// everything that derives from this lives in non-paged pool with our tag
struct PoolObject {
    static void* operator new(size_t size) noexcept
    {
        return ExAllocatePool2(POOL_FLAG_NON_PAGED, size, kTag);
    }
    static void operator delete(void* p) noexcept
    {
        if (p != nullptr) {
            ExFreePoolWithTag(p, kTag);
        }
    }
};

class SpinLock {
public:
    void Init() { KeInitializeSpinLock(&m_lock); }
    void Acquire() { KeAcquireSpinLock(&m_lock, &m_irql); }
    void Release() { KeReleaseSpinLock(&m_lock, m_irql); }
private:
    KSPIN_LOCK m_lock;
    KIRQL      m_irql;
};

template <typename TLock>
class Locker {
public:
    explicit Locker(TLock& lock) : m_lock(lock) { m_lock.Acquire(); }
    ~Locker() { m_lock.Release(); }
    Locker(const Locker&) = delete;
    Locker& operator=(const Locker&) = delete;
private:
    TLock& m_lock;
};

// what the snapshot IOCTL returns, one per process
struct RecordInfo {
    ULONG         ProcessId;
    ULONG         ParentId;
    LARGE_INTEGER CreateTime;
    WCHAR         Image[kImageChars];
};

struct Record : PoolObject {
    LIST_ENTRY Link;
    RecordInfo Info;
};

struct Config : PoolObject {
    ULONG MaxRecords;
    ULONG Flags;
};

class RecordStore : public PoolObject {
public:
    explicit RecordStore(ULONG limit);
    ~RecordStore();

    bool  Add(ULONG pid, ULONG parent, PCUNICODE_STRING image);
    bool  Remove(ULONG pid);
    ULONG Snapshot(RecordInfo* out, ULONG max);
    ULONG Count() const { return m_count; }

private:
    SpinLock   m_lock;
    LIST_ENTRY m_head;
    ULONG      m_count;
    ULONG      m_limit;
};

NTSTATUS LoadConfig(PCUNICODE_STRING registryPath, Config* config);

} // namespace plist
