// Worker.h - one system thread that checksums buffers submitted by IOCTL
#pragma once
#include "Queue.h"

#define IOCTL_WORKER_SUBMIT    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_WORKER_STATS     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x881, METHOD_BUFFERED, FILE_READ_ACCESS)

namespace wq {

constexpr ULONG kTag = 'krWQ';
constexpr ULONG kPayload = 256;

enum class WorkState : LONG {
    Created,
    Running,
    Stopping,
    Stopped,
};

struct WorkItem {
    LIST_ENTRY Link;
    ULONG      Length;
    UCHAR      Data[kPayload];
};

struct WorkerStats {
    ULONG64 Submitted;
    ULONG64 Processed;
    ULONG64 Dropped;
    ULONG   LastChecksum;
};

// Lives in the control device's extension; reached from every dispatch
// routine through DeviceObject->DeviceExtension.
class WorkerState {
public:
    void Init();
    NTSTATUS StartThread();
    void StopThread();              // unload: the thread does the teardown
    void TeardownInline();          // no thread ever ran: do it here

    NTSTATUS Submit(_In_reads_bytes_(length) const void* data, ULONG length);
    WorkerStats ReadStats();

    WorkState State() const { return static_cast<WorkState>(m_state); }

private:
    static KSTART_ROUTINE ThreadMain;
    void Run();
    void FinalTeardown();
    void SetState(WorkState s) { InterlockedExchange(&m_state, static_cast<LONG>(s)); }

    Lookaside<WorkItem, kTag> m_items;
    SpinQueue<WorkItem> m_queue;
    ERESOURCE m_statsLock;
    WorkerStats m_stats;
    KEVENT m_wakeUp;
    KEVENT m_teardownDone;
    PETHREAD m_thread;
    volatile LONG m_stop;
    volatile LONG m_state;
};

} // namespace wq
