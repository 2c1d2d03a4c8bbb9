#pragma once

#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable: 4201)
#define NDIS630
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define CT_DEVICE   L"\\Device\\ConnTrack"
#define CT_SYMLINK  L"\\??\\ConnTrack"

#define IOCTL_CT_GET_COUNTERS \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)

#define CT_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "conntrack: " fmt "\n", __VA_ARGS__)

// {1f7c9a30-5d2b-4c8e-8f0a-7e3b6d4c2a91}
DEFINE_GUID(CT_CALLOUT_V4,
    0x1f7c9a30, 0x5d2b, 0x4c8e, 0x8f, 0x0a, 0x7e, 0x3b, 0x6d, 0x4c, 0x2a, 0x91);
// {1f7c9a31-5d2b-4c8e-8f0a-7e3b6d4c2a91}
DEFINE_GUID(CT_CALLOUT_V6,
    0x1f7c9a31, 0x5d2b, 0x4c8e, 0x8f, 0x0a, 0x7e, 0x3b, 0x6d, 0x4c, 0x2a, 0x91);
// {1f7c9a32-5d2b-4c8e-8f0a-7e3b6d4c2a91}
DEFINE_GUID(CT_SUBLAYER,
    0x1f7c9a32, 0x5d2b, 0x4c8e, 0x8f, 0x0a, 0x7e, 0x3b, 0x6d, 0x4c, 0x2a, 0x91);

namespace ct {

// what IOCTL_CT_GET_COUNTERS returns
struct Counters {
    LONG64 FlowsV4;
    LONG64 FlowsV6;
    LONG64 Tcp;
    LONG64 Udp;
    LONG64 Other;
};

// lives in the driver image (.data, nonpaged) - classify runs at DISPATCH_LEVEL
extern Counters g_Counters;

class Wfp {
public:
    static NTSTATUS Start(_In_ PDEVICE_OBJECT device);
    static void     Stop();

private:
    static NTSTATUS RegisterCallout(PDEVICE_OBJECT device, const GUID& key,
                                    FWPS_CALLOUT_CLASSIFY_FN1 classify, UINT32* id);
    static NTSTATUS AddManagementObjects();

    static HANDLE   s_engine;
    static UINT32   s_idV4;
    static UINT32   s_idV6;
};

} // namespace ct
