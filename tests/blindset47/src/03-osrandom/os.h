/* os.h -- osrandom platform glue.  core/ (mixer, health tests) is plain C99
 * and only ever calls through these. */
#pragma once

#ifdef _WIN32
#include <ntddk.h>

#define RND_TAG     'dnRO'

#ifdef DBG
#define OS_LOG(...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "osrandom: " __VA_ARGS__)
#else
#define OS_LOG(...)  ((void)0)
#endif
#define OS_ERR(...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "osrandom: " __VA_ARGS__)

typedef KSPIN_LOCK os_spinlock_t;
#define os_spin_init(l)         KeInitializeSpinLock(l)
#define os_spin_lock(l, irql)   KeAcquireSpinLock((l), (irql))
#define os_spin_unlock(l, irql) KeReleaseSpinLock((l), (irql))

static __inline void *os_alloc(SIZE_T n)  { return ExAllocatePoolWithTag(NonPagedPoolNx, n, RND_TAG); }
static __inline void  os_free(void *p)    { if (p) ExFreePoolWithTag(p, RND_TAG); }

static __inline ULONGLONG os_cycles(void) { return (ULONGLONG)__rdtsc(); }
#else
#include "os_posix.h"
#endif
