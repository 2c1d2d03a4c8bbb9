// WfpGuard - port blocklist enforcement and outbound packet accounting
// with WFP callouts.  KMDF non-PnP driver; a control device owns the
// callouts.
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define NDIS_SUPPORT_NDIS6 1
#pragma warning(push)
#pragma warning(disable:4201)
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define WG_DEVICE_NAME  L"\\Device\\WfpGuard"
#define WG_TAG          'dGfW'

#define WG_LOG(level, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, (level), "WfpGuard: " fmt "\n", __VA_ARGS__)

// {b1f0c7a2-4e55-4d3b-8f0e-6a7d2c9e5a10} ... {..5a13}
DEFINE_GUID(WG_CALLOUT_CONNECT_V4,  0xb1f0c7a2, 0x4e55, 0x4d3b, 0x8f, 0x0e, 0x6a, 0x7d, 0x2c, 0x9e, 0x5a, 0x10);
DEFINE_GUID(WG_CALLOUT_ACCEPT_V4,   0xb1f0c7a2, 0x4e55, 0x4d3b, 0x8f, 0x0e, 0x6a, 0x7d, 0x2c, 0x9e, 0x5a, 0x11);
DEFINE_GUID(WG_CALLOUT_OUTBOUND_V4, 0xb1f0c7a2, 0x4e55, 0x4d3b, 0x8f, 0x0e, 0x6a, 0x7d, 0x2c, 0x9e, 0x5a, 0x12);
DEFINE_GUID(WG_SUBLAYER,            0xb1f0c7a2, 0x4e55, 0x4d3b, 0x8f, 0x0e, 0x6a, 0x7d, 0x2c, 0x9e, 0x5a, 0x13);

struct CalloutEntry {
    const GUID*                 CalloutKey;
    const GUID*                 LayerKey;
    FWPS_CALLOUT_CLASSIFY_FN3   Classify;
    FWP_ACTION_TYPE             FilterAction;
    PCWSTR                      Name;
    UINT32                      RuntimeId;
    bool                        Registered;
};

class CalloutTable {
public:
    static NTSTATUS RegisterAll(_In_ PDEVICE_OBJECT DeviceObject);
    static void     UnregisterAll();

    static CalloutEntry s_Entries[];
    static const ULONG  s_Count;
};

class Engine {
public:
    static NTSTATUS Open();
    static NTSTATUS AddObjects();
    static void     Close();
private:
    static HANDLE s_Handle;
};

class Injector {
public:
    static NTSTATUS Create();
    static void     Destroy();
    static HANDLE   Handle() { return s_Handle; }
private:
    static HANDLE s_Handle;
};

struct GuardStats {
    volatile LONG64 Blocked;
    volatile LONG64 OutboundPackets;
};
extern GuardStats g_Stats;
