#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define PUMP_TAG                 'pmuP'
#define PUMP_SCRATCH_BYTES       (8 * PAGE_SIZE)
#define PUMP_DEFAULT_INTERVAL    1000        // ms
#define PUMP_MAX_JOBS            64

#define IOCTL_PUMP_SUBMIT   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PUMP_STATS    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PLOG(fmt, ...)   DbgPrint("thrdpump: " fmt "\n", __VA_ARGS__)

typedef struct _PUMP_JOB_IN {
    ULONG Opcode;
    ULONG Length;
    ULONG Seed;
} PUMP_JOB_IN;

typedef struct _PUMP_STATS_OUT {
    ULONG   Submitted;
    ULONG   Completed;
    ULONG   Rejected;
    ULONG   IntervalMs;
    ULONG64 Checksum;
} PUMP_STATS_OUT;

namespace pump {

struct Job {
    LIST_ENTRY  Link;
    PUMP_JOB_IN In;
};

struct Globals {
    UNICODE_STRING RegistryPath;
    PETHREAD       Thread;
    KEVENT         StopEvent;
    KEVENT         WorkEvent;
    KSPIN_LOCK     Lock;
    LIST_ENTRY     Jobs;
    ULONG          JobCount;
    PUCHAR         Scratch;
    ULONG          IntervalMs;
    WDFDEVICE      Control;
    PUMP_STATS_OUT Stats;
};

extern Globals g;

// RAII for the global spin lock
class LockGuard {
public:
    LockGuard()  { KeAcquireSpinLock(&g.Lock, &m_irql); }
    ~LockGuard() { KeReleaseSpinLock(&g.Lock, m_irql); }
    LockGuard(const LockGuard&) = delete;
    LockGuard& operator=(const LockGuard&) = delete;
private:
    KIRQL m_irql;
};

NTSTATUS Start();
void     Stop();
bool     Submit(const PUMP_JOB_IN& In);

} // namespace pump
