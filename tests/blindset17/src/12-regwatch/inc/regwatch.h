//
// regwatch.h - registry change recorder.
//
// A registry callback records writes under watched keys into a ring that
// the agent drains through \\.\RegWatch.
//
#pragma once

#include "kutil.h"

extern "C" {
#include <wdf.h>
}

#define RW_DEVICE_NAME      L"\\Device\\RegWatch"
#define RW_SYMLINK_NAME     L"\\DosDevices\\RegWatch"

#define IOCTL_RW_READ_EVENTS    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RW_GET_COUNTERS   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)

namespace rw {

constexpr ULONG PoolTag = 'hWgR';
constexpr ULONG RingCapacity = 1024;
constexpr USHORT MaxPathChars = 120;

enum class Operation : ULONG {
    SetValue = 1,
    DeleteValue,
    DeleteKey,
    RenameKey,
    CreateKey,
};

#pragma pack(push, 8)
struct EventRecord {
    LARGE_INTEGER   Time;
    ULONG           ProcessId;
    Operation       Op;
    WCHAR           Path[MaxPathChars];
};

struct Counters {
    LONG64  Recorded;
    LONG64  Dropped;
    LONG64  Read;
};
#pragma pack(pop)

class EventRing {
public:
    constexpr EventRing() : m_records(nullptr), m_capacity(0), m_head(0), m_count(0), m_lock(), m_counters() {}

    NTSTATUS Initialize(ULONG capacity);
    void Release();
    void Push(const EventRecord& record);
    ULONG Drain(EventRecord* out, ULONG max);
    Counters Snapshot();

private:
    EventRecord*        m_records;
    ULONG               m_capacity;
    ULONG               m_head;
    ULONG               m_count;
    kutil::spin_lock    m_lock;
    Counters            m_counters;
};

class RegistryMonitor {
public:
    constexpr RegistryMonitor() : m_cookie(), m_registered(false) {}

    NTSTATUS Start(PDRIVER_OBJECT driverObject);
    void Stop();

private:
    static EX_CALLBACK_FUNCTION Callback;

    LARGE_INTEGER   m_cookie;
    bool            m_registered;
};

namespace ControlDevice {
    NTSTATUS Create(WDFDRIVER driver);
    void FinishInitializing();
    void Delete();
}

extern EventRing        g_Ring;
extern RegistryMonitor  g_Monitor;

} // namespace rw
