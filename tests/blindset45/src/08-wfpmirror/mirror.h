// mirror.h - wfpmirror: inbound transport inspection callout (v4/v6)
// that keeps per-protocol counters and ignores traffic we re-inject.
#pragma once

#define NDIS630 1
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#include <ndis.h>
#pragma warning(push)
#pragma warning(disable:4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define MIRROR_TAG 'rriM'

#define MLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL,  "[wfpmirror] " fmt "\n", __VA_ARGS__)
#define MERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "[wfpmirror] " fmt "\n", __VA_ARGS__)

// {B2D5A0C4-1F3E-4C77-8E9A-55A1C0DE0001}
DEFINE_GUID(MIRROR_SUBLAYER, 0xb2d5a0c4, 0x1f3e, 0x4c77, 0x8e, 0x9a, 0x55, 0xa1, 0xc0, 0xde, 0x00, 0x01);
// {B2D5A0C4-1F3E-4C77-8E9A-55A1C0DE0002}
DEFINE_GUID(MIRROR_CALLOUT_V4, 0xb2d5a0c4, 0x1f3e, 0x4c77, 0x8e, 0x9a, 0x55, 0xa1, 0xc0, 0xde, 0x00, 0x02);
// {B2D5A0C4-1F3E-4C77-8E9A-55A1C0DE0003}
DEFINE_GUID(MIRROR_CALLOUT_V6, 0xb2d5a0c4, 0x1f3e, 0x4c77, 0x8e, 0x9a, 0x55, 0xa1, 0xc0, 0xde, 0x00, 0x03);

namespace mirror {

struct Counters {
    volatile LONG64 Tcp;
    volatile LONG64 Udp;
    volatile LONG64 Other;
    volatile LONG64 SkippedOwn;
};

extern Counters g_Counters;

class Injector {
public:
    static NTSTATUS Init();
    static void     Uninit();
    static HANDLE   ForFamily(ADDRESS_FAMILY af) { return af == AF_INET6 ? s_V6 : s_V4; }
private:
    static HANDLE s_V4;
    static HANDLE s_V6;
};

namespace callouts {
NTSTATUS Register(_In_ PDEVICE_OBJECT DeviceObject);
void     Unregister();
} // namespace callouts

namespace bfe {
NTSTATUS Init();
void     Uninit();
} // namespace bfe

} // namespace mirror
