#pragma once
//
// kvstore: a kernel key/value store reachable from user mode, written to
// practise ERESOURCE locking and lookaside lists.
//
#include <ntddk.h>

namespace kv {

constexpr ULONG kTag = 'sVKk';
constexpr ULONG kKeyMax = 32;
constexpr ULONG kValueMax = 96;

#define IOCTL_KV_PUT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_KV_GET  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x881, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KV_DEL  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x882, METHOD_BUFFERED, FILE_WRITE_ACCESS)

struct KvPair {
    CHAR Key[kKeyMax];
    CHAR Value[kValueMax];
};

struct Entry {
    LIST_ENTRY Link;
    KvPair     Pair;
};

// RAII lock over an ERESOURCE; Exclusive picks the flavour at compile time
template <bool Exclusive>
class ResourceLock {
public:
    explicit ResourceLock(PERESOURCE r) : m_Res(r) {
        KeEnterCriticalRegion();
        if constexpr (Exclusive) {
            ExAcquireResourceExclusiveLite(m_Res, TRUE);
        } else {
            ExAcquireResourceSharedLite(m_Res, TRUE);
        }
    }
    ~ResourceLock() {
        ExReleaseResourceLite(m_Res);
        KeLeaveCriticalRegion();
    }
    ResourceLock(const ResourceLock&) = delete;
    ResourceLock& operator=(const ResourceLock&) = delete;
private:
    PERESOURCE m_Res;
};

using SharedLock = ResourceLock<false>;
using ExclusiveLock = ResourceLock<true>;

template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F f) : m_F(f), m_Armed(true) {}
    ~ScopeExit() { if (m_Armed) m_F(); }
    void Dismiss() { m_Armed = false; }
private:
    F    m_F;
    bool m_Armed;
};

template <typename F>
ScopeExit<F> MakeScopeExit(F f) { return ScopeExit<F>(f); }

class Store {
public:
    static NTSTATUS Put(const KvPair& p);
    static NTSTATUS Get(KvPair& p);
    static NTSTATUS Remove(const CHAR* key);
    static void     Clear();

    static ERESOURCE             s_Lock;
    static NPAGED_LOOKASIDE_LIST s_Pool;
    static LIST_ENTRY            s_Head;
    static ULONG                 s_Count;

private:
    static Entry* FindLocked(const CHAR* key);
};

} // namespace kv
