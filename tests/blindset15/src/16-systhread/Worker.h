#pragma once

#include <ntifs.h>

namespace pw {

constexpr ULONG kTag = 'kroW';
constexpr LONG kMaxPending = 4096;

class KernelHandle {
public:
    KernelHandle() = default;
    ~KernelHandle() { Close(); }

    KernelHandle(const KernelHandle&) = delete;
    KernelHandle& operator=(const KernelHandle&) = delete;

    PHANDLE Receive() { Close(); return &m_handle; }
    HANDLE Get() const { return m_handle; }

    void Close()
    {
        if (m_handle != nullptr) {
            ZwClose(m_handle);
            m_handle = nullptr;
        }
    }

private:
    HANDLE m_handle = nullptr;
};

struct WorkEntry {
    LIST_ENTRY Link;
    ULONG ProcessId;
    ULONG ParentId;
    bool Create;
    LARGE_INTEGER Time;
};

class Worker {
public:
    NTSTATUS Start();
    void Stop();
    bool Post(ULONG pid, ULONG parent, bool create);

    LONG Processed() const { return m_processed; }
    LONG Dropped() const { return m_dropped; }

private:
    static VOID ThreadProc(PVOID context);
    void Run();
    WorkEntry* Pop();
    void Handle(const WorkEntry& e);

    KSPIN_LOCK m_lock;
    LIST_ENTRY m_queue;
    KSEMAPHORE m_signal;
    volatile LONG m_stop;
    volatile LONG m_pending;
    volatile LONG m_processed;
    volatile LONG m_dropped;
    PETHREAD m_thread;
};

} // namespace pw
