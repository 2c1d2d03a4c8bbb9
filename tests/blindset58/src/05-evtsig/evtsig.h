// evtsig.h
//
// Kernel -> user signalling demo.  The driver owns a named notification
// event (\BaseNamedObjects\EvtSigReady, "Global\EvtSigReady" from Win32).
// The app sends IOCTL_EVTSIG_KICK, we clear the event, do some "work" in a
// system worker thread and set the event when done.
//
// Demand-start only: \BaseNamedObjects does not exist for boot drivers.
//
#pragma once

extern "C" {
#include <ntddk.h>
}

//
// poor man's WPP: same call shape as the generated TraceEvents so
// switching to real WPP later is a search-and-replace
//
#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_INFORMATION 4
#define DBG_INIT                0x1
#define DBG_IOCTL               0x2
#define DBG_WORK                0x4

#define TraceEvents(level, flags, fmt, ...)                                  \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID,                                          \
               (level) <= TRACE_LEVEL_ERROR ? DPFLTR_ERROR_LEVEL : DPFLTR_INFO_LEVEL, \
               "evtsig[%x]: " fmt "\n", (flags), __VA_ARGS__)

#define EVTSIG_TAG          'gisE'
#define EVTSIG_NT_NAME      L"\\Device\\EvtSig"
#define EVTSIG_DOS_NAME     L"\\DosDevices\\EvtSig"
#define EVTSIG_EVENT_NAME   L"\\BaseNamedObjects\\EvtSigReady"

#define EVTSIG_DEFAULT_DELAY_MS   250
#define EVTSIG_MAX_DELAY_MS       10000

#define FILE_DEVICE_EVTSIG  0x9e57
#define IOCTL_EVTSIG_KICK   CTL_CODE(FILE_DEVICE_EVTSIG, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_EVTSIG_STATS  CTL_CODE(FILE_DEVICE_EVTSIG, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

namespace evtsig {

struct Globals {
    static PDEVICE_OBJECT  Device;
    static PKEVENT         ReadyEvent;
    static HANDLE          ReadyHandle;
    static UNICODE_STRING  RegPath;
    static ULONG           DelayMs;
    static EX_RUNDOWN_REF  Rundown;
    static volatile LONG   Kicks;
    static volatile LONG   Completed;
};

namespace Config {
    NTSTATUS ReadDelay(PCUNICODE_STRING serviceKey, PULONG delayMs);
}

namespace Worker {
    NTSTATUS Kick();
}

} // namespace evtsig
