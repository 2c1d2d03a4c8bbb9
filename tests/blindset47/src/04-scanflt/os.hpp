// os.hpp - the bits of the scanner's "platform" namespace that the Windows
// port needs.  On Linux the same names sit on top of fanotify + pthreads.
#pragma once

#include <fltKernel.h>

#define SCAN_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "scanflt!%s: " fmt "\n", __FUNCTION__, ##__VA_ARGS__)

namespace os {

constexpr ULONG kPoolTag = 'nacS';

// pthread_mutex_t stand-in.  Critical region + the "unsafe" variants so the
// holder stays at PASSIVE_LEVEL (FltCloseClientPort etc. require it).
class Mutex {
public:
    void Init()   { ExInitializeFastMutex(&m_); }
    void Lock()   { KeEnterCriticalRegion(); ExAcquireFastMutexUnsafe(&m_); }
    void Unlock() { ExReleaseFastMutexUnsafe(&m_); KeLeaveCriticalRegion(); }
private:
    FAST_MUTEX m_;
};

template <typename L>
class Guard {
public:
    explicit Guard(L& l) : l_(l) { l_.Lock(); }
    ~Guard() { l_.Unlock(); }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
private:
    L& l_;
};

inline void* Alloc(SIZE_T n)
{
    return ExAllocatePoolWithTag(NonPagedPoolNx, n, kPoolTag);
}

inline void Free(void* p)
{
    if (p) ExFreePoolWithTag(p, kPoolTag);
}

} // namespace os
