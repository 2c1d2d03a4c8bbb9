// uptime.h -- keeps a running total of minutes this machine has been up,
//             saved to the service key every minute and at shutdown.
#pragma once

#include <ntddk.h>

#define UT_TAG            'tpUU'
#define UT_NT_NAME        L"\\Device\\UptimeKeeper"
#define UT_DOS_NAME       L"\\DosDevices\\UptimeKeeper"
#define UT_VALUE_NAME     L"TotalMinutes"
#define UT_PERIOD_MS      (60 * 1000)

#define UT_DEVTYPE        0x8F10
#define IOCTL_UT_GET      CTL_CODE(UT_DEVTYPE, 0x840, METHOD_BUFFERED, FILE_READ_ACCESS)

#define UTLOG(fmt, ...)   KdPrint(("uptime: " fmt "\n", __VA_ARGS__))

namespace ut {

struct State {
    PDEVICE_OBJECT  Device;
    bool            LinkCreated;
    bool            ShutdownRegistered;
    bool            TimerStarted;
    PIO_WORKITEM    SaveItem;
    volatile LONG   SaveQueued;
    KEVENT          SaveIdle;       // signaled while no save work item is queued
    KTIMER          Timer;
    KDPC            Dpc;
    UNICODE_STRING  ServiceKey;     // NUL-terminated pool copy
    volatile LONG   TotalMinutes;
    FAST_MUTEX      SaveLock;       // serializes registry writes
};

extern State g;

NTSTATUS CopyServiceKey(_In_ PCUNICODE_STRING RegistryPath);
void     FreeServiceKey();
ULONG    LoadTotal();
NTSTATUS SaveTotal();

} // namespace ut
