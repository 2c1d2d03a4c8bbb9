#pragma once
#include <ntifs.h>

#define PW_TAG        'hcWP'
#define PW_DEVICE     L"\\Device\\ProcWatch"
#define PW_LINK       L"\\??\\ProcWatch"
#define PW_MAX_EVENTS 4096

#define IOCTL_PW_GET_EVENTS CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PW_TRACE(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[ProcWatch] " fmt "\n", ##__VA_ARGS__)

enum class EventKind : USHORT {
    ProcessCreate = 1,
    ProcessExit,
    ThreadCreate,
    ThreadExit,
    ImageLoad
};

struct EventHeader {
    EventKind Kind;
    USHORT    Size;
    ULONG     Pid;
    ULONG     Tid;          // threads only
    ULONG64   ImageBase;    // images only
    LARGE_INTEGER Time;
};

struct EventItem {
    LIST_ENTRY  Link;
    EventHeader Data;
};

namespace pw {

struct Globals {
    LIST_ENTRY     Events;
    KSPIN_LOCK     Lock;
    ULONG          Count;
    PDEVICE_OBJECT Device;

    void Init() {
        InitializeListHead(&Events);
        KeInitializeSpinLock(&Lock);
        Count = 0;
        Device = nullptr;
    }
};

extern Globals g;

// tiny scope guard for the spin lock
struct SpinGuard {
    KIRQL irql;
    SpinGuard()  { KeAcquireSpinLock(&g.Lock, &irql); }
    ~SpinGuard() { KeReleaseSpinLock(&g.Lock, irql); }
};

void PushEvent(EventItem* item);
void FreeAllEvents();

namespace notify {
    NTSTATUS RegisterAll();
    void     UnregisterAll();
}

} // namespace pw
