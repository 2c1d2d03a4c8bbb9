#pragma once

#include "kstd.h"

namespace wt {

constexpr ULONG kDeviceType = 0x8C01;
constexpr ULONG kIoctlSubmit = CTL_CODE(kDeviceType, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS);
constexpr ULONG kIoctlStats = CTL_CODE(kDeviceType, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS);

struct Stats {
    LONG Submitted;
    LONG Processed;
    ULONG64 Checksum;
};

// one dedicated system thread that eats values queued from IOCTLs
class Worker {
public:
    Worker();
    ~Worker();

    NTSTATUS Start();
    void Stop();
    NTSTATUS Submit(ULONG value);
    void GetStats(Stats* out) const;

private:
    struct Item {
        LIST_ENTRY Link;
        ULONG Value;
    };

    static KSTART_ROUTINE ThreadMain;
    void Run();
    Item* Pop();

    PETHREAD m_thread;
    KEVENT m_stop;
    KEVENT m_wake;
    KSPIN_LOCK m_lock;
    LIST_ENTRY m_queue;
    volatile LONG m_submitted;
    volatile LONG m_processed;
    ULONG64 m_checksum;
};

} // namespace wt
