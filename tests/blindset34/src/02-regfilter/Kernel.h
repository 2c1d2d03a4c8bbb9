#pragma once
//
// Tiny RAII helpers used by the driver. No CRT, no exceptions.
//
#include <ntddk.h>

#define RW_LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "RegWatch: " fmt "\n", __VA_ARGS__)
#define RW_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "RegWatch!: " fmt "\n", __VA_ARGS__)

class Resource {
public:
    void Init()          { ExInitializeResourceLite(&m_res); }
    void Delete()        { ExDeleteResourceLite(&m_res); }
    void LockExclusive() { KeEnterCriticalRegion(); ExAcquireResourceExclusiveLite(&m_res, TRUE); }
    void LockShared()    { KeEnterCriticalRegion(); ExAcquireResourceSharedLite(&m_res, TRUE); }
    void Unlock()        { ExReleaseResourceLite(&m_res); KeLeaveCriticalRegion(); }
private:
    ERESOURCE m_res;
};

template <typename TLock>
class ExclusiveLock {
public:
    explicit ExclusiveLock(TLock& lock) : m_lock(lock) { m_lock.LockExclusive(); }
    ~ExclusiveLock() { m_lock.Unlock(); }
    ExclusiveLock(const ExclusiveLock&) = delete;
    ExclusiveLock& operator=(const ExclusiveLock&) = delete;
private:
    TLock& m_lock;
};

template <typename T, ULONG Tag>
class Lookaside {
public:
    void Init()
    {
        ExInitializeNPagedLookasideList(&m_list, nullptr, nullptr, POOL_NX_ALLOCATION,
                                        sizeof(T), Tag, 0);
    }
    void Delete()      { ExDeleteNPagedLookasideList(&m_list); }
    T*   Alloc()       { return static_cast<T*>(ExAllocateFromNPagedLookasideList(&m_list)); }
    void Free(T* item) { ExFreeToNPagedLookasideList(&m_list, item); }
private:
    NPAGED_LOOKASIDE_LIST m_list;
};

//
// Deletes the device object on scope exit unless ownership was released.
//
class DeviceGuard {
public:
    explicit DeviceGuard(PDEVICE_OBJECT device) : m_device(device) {}
    ~DeviceGuard()
    {
        if (m_device != nullptr) {
            IoDeleteDevice(m_device);
        }
    }
    PDEVICE_OBJECT Release()
    {
        PDEVICE_OBJECT d = m_device;
        m_device = nullptr;
        return d;
    }
    DeviceGuard(const DeviceGuard&) = delete;
    DeviceGuard& operator=(const DeviceGuard&) = delete;
private:
    PDEVICE_OBJECT m_device;
};

//
// Deletes the symbolic link on scope exit unless dismissed.
//
class SymlinkGuard {
public:
    explicit SymlinkGuard(PUNICODE_STRING link) : m_link(link), m_active(true) {}
    ~SymlinkGuard()
    {
        if (m_active) {
            IoDeleteSymbolicLink(m_link);
        }
    }
    void Dismiss() { m_active = false; }
    SymlinkGuard(const SymlinkGuard&) = delete;
    SymlinkGuard& operator=(const SymlinkGuard&) = delete;
private:
    PUNICODE_STRING m_link;
    bool m_active;
};
