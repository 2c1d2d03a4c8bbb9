#pragma once

#include <ntddk.h>
#include "KGuard.h"

#define REGMON_DEVICE L"\\Device\\RegMon"
#define REGMON_LINK   L"\\??\\RegMon"

#define IOCTL_REGMON_GET_EVENTS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_REGMON_GET_STATS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_READ_ACCESS)

namespace regmon {

constexpr ULONG kTag = 'nmgR';
constexpr ULONG kMaxQueued = 2048;

enum class RegOp : ULONG {
    SetValue = 1,
    DeleteValue,
    CreateKey,
    DeleteKey,
    RenameKey,
};

struct RegEvent {
    RegOp Op;
    ULONG ProcessId;
    LARGE_INTEGER Time;
    WCHAR KeyPath[260];
    WCHAR ValueName[64];
};

struct RegStats {
    ULONG Queued;
    LONG Dropped;
    LONG Total;
};

class Monitor {
public:
    static NTSTATUS Create(PDRIVER_OBJECT DriverObject);
    static void Destroy();
    static Monitor* Instance() { return s_instance; }

    ULONG Drain(RegEvent* out, ULONG maxEvents);
    void QueryStats(RegStats* stats);

    Monitor() = default;
    ~Monitor() = default;

private:
    enum Stage : ULONG {
        StageNone = 0,
        StageLookaside,
        StageDevice,
        StageLink,
        StageCallback,
    };

    struct Entry {
        LIST_ENTRY Link;
        RegEvent Event;
    };

    NTSTATUS Start(PDRIVER_OBJECT DriverObject);
    void Teardown();

    static NTSTATUS OnRegistry(PVOID Context, PVOID Argument1, PVOID Argument2);
    void Handle(REG_NOTIFY_CLASS cls, PVOID info);
    void Record(RegOp op, PVOID keyObject, PCUNICODE_STRING valueName, PCUNICODE_STRING keyName);

    static Monitor* s_instance;

    Stage m_stage = StageNone;
    PDEVICE_OBJECT m_device = nullptr;
    LARGE_INTEGER m_cookie = {};
    PNPAGED_LOOKASIDE_LIST m_lookaside = nullptr;
    kutil::FastMutex m_lock;
    LIST_ENTRY m_events;
    ULONG m_count = 0;
    volatile LONG m_dropped = 0;
    volatile LONG m_total = 0;
};

} // namespace regmon

extern "C" DRIVER_DISPATCH RegMonCreateClose;
extern "C" DRIVER_DISPATCH RegMonDeviceControl;
