#pragma once

#include <ntifs.h>

#define RG_TAG              'drGR'
#define RG_ALTITUDE         L"380910"
#define RG_PROTECTED_KEY    L"\\REGISTRY\\MACHINE\\SOFTWARE\\RegGuard"

#define RG_LOG(fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "[RegGuard] " fmt "\n", __VA_ARGS__)
#define RG_ERR(fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[RegGuard][!] " fmt "\n", __VA_ARGS__)

namespace rg {

// RAII helpers for ERESOURCE, always inside a critical region
class SharedLock {
public:
    explicit SharedLock(PERESOURCE res) : m_res(res) {
        ExEnterCriticalRegionAndAcquireResourceShared(m_res);
    }
    ~SharedLock() { ExReleaseResourceAndLeaveCriticalRegion(m_res); }
    SharedLock(const SharedLock&) = delete;
    SharedLock& operator=(const SharedLock&) = delete;
private:
    PERESOURCE m_res;
};

class ExclusiveLock {
public:
    explicit ExclusiveLock(PERESOURCE res) : m_res(res) {
        ExEnterCriticalRegionAndAcquireResourceExclusive(m_res);
    }
    ~ExclusiveLock() { ExReleaseResourceAndLeaveCriticalRegion(m_res); }
    ExclusiveLock(const ExclusiveLock&) = delete;
    ExclusiveLock& operator=(const ExclusiveLock&) = delete;
private:
    PERESOURCE m_res;
};

} // namespace rg
