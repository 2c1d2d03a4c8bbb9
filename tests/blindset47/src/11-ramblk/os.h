/*
 * os.h - ramblk platform layer (NT kernel flavour).
 * The block core (blk_core.c upstream) is shared with the FUSE test harness.
 */
#ifndef RAMBLK_OS_H
#define RAMBLK_OS_H

#ifdef _WIN32
#include <ntddk.h>
#include <ntdddisk.h>

#define OS_TAG          'kBmR'
#define OS_PRINT(...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "ramblk: " __VA_ARGS__)
#define OS_WARN(...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "ramblk: " __VA_ARGS__)

typedef struct { KSPIN_LOCK l; } os_lock;

static __inline void  os_lock_init(os_lock *k)               { KeInitializeSpinLock(&k->l); }
static __inline KIRQL os_lock_take(os_lock *k)               { KIRQL i; KeAcquireSpinLock(&k->l, &i); return i; }
static __inline void  os_lock_give(os_lock *k, KIRQL i)      { KeReleaseSpinLock(&k->l, i); }

static __inline void *os_alloc(SIZE_T n)   { return ExAllocatePoolWithTag(NonPagedPoolNx, n, OS_TAG); }
static __inline void  os_free(void *p)     { if (p != NULL) ExFreePoolWithTag(p, OS_TAG); }

/* periodic callback: timer + DPC, stopped with os_tick_stop() */
typedef struct {
    KTIMER  timer;
    KDPC    dpc;
} os_tick;

static __inline void os_tick_start(os_tick *t, PKDEFERRED_ROUTINE fn, PVOID ctx, LONG period_ms)
{
    LARGE_INTEGER due;

    KeInitializeTimerEx(&t->timer, NotificationTimer);
    KeInitializeDpc(&t->dpc, fn, ctx);
    due.QuadPart = -10000LL * period_ms;
    KeSetTimerEx(&t->timer, due, period_ms, &t->dpc);
}

static __inline void os_tick_stop(os_tick *t)
{
    KeCancelTimer(&t->timer);
    /* a DPC that was already queued may still be running somewhere */
    KeFlushQueuedDpcs();
}
#else
#include "os_fuse.h"
#endif

#endif
