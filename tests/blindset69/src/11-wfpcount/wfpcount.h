#pragma once

#include <ntddk.h>
#pragma warning(push)
#pragma warning(disable: 4201)
#define NDIS630
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
#include <guiddef.h>

#define WC_TAG   'tnCW'
#define WC_LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "wfpcount: " fmt "\n", __VA_ARGS__)
#define WC_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "wfpcount: " fmt "\n", __VA_ARGS__)

// {A31F0E60-5C2B-4D8A-8F1E-6B27C9D04E10}
DEFINE_GUID(WC_CALLOUT_CONNECT_V4, 0xa31f0e60, 0x5c2b, 0x4d8a, 0x8f, 0x1e, 0x6b, 0x27, 0xc9, 0xd0, 0x4e, 0x10);
// {A31F0E61-5C2B-4D8A-8F1E-6B27C9D04E10}
DEFINE_GUID(WC_CALLOUT_ACCEPT_V4,  0xa31f0e61, 0x5c2b, 0x4d8a, 0x8f, 0x1e, 0x6b, 0x27, 0xc9, 0xd0, 0x4e, 0x10);
// {A31F0E62-5C2B-4D8A-8F1E-6B27C9D04E10}
DEFINE_GUID(WC_SUBLAYER,           0xa31f0e62, 0x5c2b, 0x4d8a, 0x8f, 0x1e, 0x6b, 0x27, 0xc9, 0xd0, 0x4e, 0x10);

namespace wc {

struct CalloutDef {
    const GUID* Key;
    const GUID* Layer;
    PCWSTR      Name;
    FWPS_CALLOUT_CLASSIFY_FN0 Classify;
    UINT32      RuntimeId;
};

class Counters {
public:
    static void Connect() { InterlockedIncrement64(&s_connect); }
    static void Accept()  { InterlockedIncrement64(&s_accept); }
    static LONG64 Connects() { return s_connect; }
    static LONG64 Accepts()  { return s_accept; }
private:
    static volatile LONG64 s_connect;
    static volatile LONG64 s_accept;
};

class Engine {
public:
    static NTSTATUS RegisterCallouts(PDEVICE_OBJECT device);
    static void UnregisterCallouts();
    static NTSTATUS AddObjects();
    static void Close();
private:
    static HANDLE s_engine;
};

} // namespace wc
