#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
}

//
// petwatch: software watchdog for user-mode services.  A service registers a
// slot with a timeout and must "pet" it; if it goes quiet we log it and bump
// a counter the supervisor polls.
//

#define PW_TAG              'hWtP'
#define PW_MAX_SLOTS        32
#define PW_TICK_MS          100
#define PW_MIN_TIMEOUT_MS   500

#define PW_DEVICE_NAME      L"\\Device\\PetWatch"
#define PW_LINK_NAME        L"\\DosDevices\\PetWatch"

#define IOCTL_PW_REGISTER   CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PW_PET        CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PW_RELEASE    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA03, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PW_QUERY      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA04, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define PWLOG(...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "petwatch: " __VA_ARGS__)

namespace pw {

struct Slot {
    BOOLEAN   InUse;
    BOOLEAN   Fired;
    ULONG     TimeoutMs;
    ULONG     QuietMs;
    ULONG     FireCount;
    ULONG64   OwnerPid;
};

struct QueryOut {
    ULONG FireCount;
    ULONG QuietMs;
};

struct Globals {
    WDFDEVICE   Control;
    WDFTIMER    Timer;
    WDFWORKITEM Notify;
    WDFSPINLOCK Lock;
    Slot*       Slots;
    ULONG       PendingMask;
    LONG        Ticks;
};

extern Globals g;

NTSTATUS CreateControlDevice(_In_ WDFDRIVER Driver);
NTSTATUS StartWatch();

EVT_WDF_TIMER OnTick;
EVT_WDF_WORKITEM OnNotify;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL OnIoctl;

} // namespace pw
