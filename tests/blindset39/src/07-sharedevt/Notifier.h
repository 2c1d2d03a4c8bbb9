#pragma once
#include <ntifs.h>
#include "shared.h"

#define KLOG(fmt, ...) KdPrint(("[sharedevt] " fmt "\n", __VA_ARGS__))

namespace shevt {

class SpinGuard {
public:
    explicit SpinGuard(KSPIN_LOCK& lock) : m_lock(lock) { KeAcquireSpinLock(&m_lock, &m_irql); }
    ~SpinGuard() { KeReleaseSpinLock(&m_lock, m_irql); }
private:
    KSPIN_LOCK& m_lock;
    KIRQL m_irql;
};

//
// holds the client's event object
//
class EventBridge {
public:
    static void     Init();
    static NTSTATUS Attach(HANDLE userHandle, KPROCESSOR_MODE mode);
    static void     Detach();
    static void     Signal();
private:
    static KSPIN_LOCK s_lock;
    static PKEVENT    s_event;
};

//
// process creation -> ring buffer -> signal
//
class Notifier {
public:
    static void    Init();
    static BOOLEAN Start();
    static void    Stop();
    static ULONG   Read(PSHEVT_RECORD out, ULONG maxRecords);
private:
    static void OnProcess(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info);

    static KSPIN_LOCK   s_lock;
    static SHEVT_RECORD s_ring[SHEVT_RING_SIZE];
    static ULONG        s_head;
    static ULONG        s_count;
};

} // namespace shevt
