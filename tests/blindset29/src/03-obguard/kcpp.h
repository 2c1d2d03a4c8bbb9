#pragma once
// tiny kernel C++ helpers (no CRT, no exceptions)

#include <ntddk.h>

#define OBG_TAG 'dGbO'

#define OBG_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[ObGuard] " fmt "\n", ##__VA_ARGS__)
#define OBG_ERR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[ObGuard][!] " fmt "\n", ##__VA_ARGS__)

namespace kcpp {

// RAII shared / exclusive ownership of an ERESOURCE
class SharedResourceLock {
public:
    explicit SharedResourceLock(PERESOURCE res) : m_res(res) {
        KeEnterCriticalRegion();
        ExAcquireResourceSharedLite(m_res, TRUE);
    }
    ~SharedResourceLock() {
        ExReleaseResourceLite(m_res);
        KeLeaveCriticalRegion();
    }
    SharedResourceLock(const SharedResourceLock&) = delete;
    SharedResourceLock& operator=(const SharedResourceLock&) = delete;
private:
    PERESOURCE m_res;
};

class ExclusiveResourceLock {
public:
    explicit ExclusiveResourceLock(PERESOURCE res) : m_res(res) {
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(m_res, TRUE);
    }
    ~ExclusiveResourceLock() {
        ExReleaseResourceLite(m_res);
        KeLeaveCriticalRegion();
    }
    ExclusiveResourceLock(const ExclusiveResourceLock&) = delete;
    ExclusiveResourceLock& operator=(const ExclusiveResourceLock&) = delete;
private:
    PERESOURCE m_res;
};

} // namespace kcpp
