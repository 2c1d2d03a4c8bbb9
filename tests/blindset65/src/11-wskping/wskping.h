#pragma once
//
// wskping - sends a small UDP probe to a configured host every few seconds
// from a system thread. The WSK provider is captured on that thread, never
// in DriverEntry, so boot-start loads do not stall waiting for the stack.
//
#include <ntddk.h>
#include <wsk.h>

#define WP_TAG              'gnPW'
#define WP_DEFAULT_PORT     7           // echo
#define WP_DEFAULT_PERIOD   5000        // ms
#define WP_CAPTURE_SLICE    1000        // ms per capture attempt

#define WP_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "wskping: " fmt "\n", __VA_ARGS__)

namespace wskping {

struct Settings {
    ULONG  TargetAddr;      // network order
    USHORT TargetPort;      // host order
    ULONG  PeriodMs;
};

struct Globals {
    WSK_REGISTRATION Registration;
    UNICODE_STRING   RegistryPath;      // private copy
    KEVENT           StopEvent;
    PETHREAD         Worker;
    Settings         Config;
    volatile LONG    ProbesSent;
};

extern Globals g;

// prober.cpp
KSTART_ROUTINE ProbeThread;
void ReadSettings(_In_ PCUNICODE_STRING regPath, _Out_ Settings* s);

} // namespace wskping
