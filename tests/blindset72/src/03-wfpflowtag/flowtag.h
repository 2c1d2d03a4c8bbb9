#pragma once
// flowtag - WFP callout that tags TCP flows at ALE flow-established and
// counts stream bytes per flow through a flow context.

#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable: 4201)
#define NDIS630 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)

#include <fwpmk.h>

#define FT_TAG            'gTtF'
#define FT_DEVICE_NAME    L"\\Device\\FlowTag"

#define FT_LOG(fmt, ...)  KdPrint(("flowtag: " fmt "\n", __VA_ARGS__))

// {7d1f0a6e-2d6c-4c3b-9a7e-91a8c1f03e11}
DEFINE_GUID(FT_CALLOUT_FLOW_V4,
    0x7d1f0a6e, 0x2d6c, 0x4c3b, 0x9a, 0x7e, 0x91, 0xa8, 0xc1, 0xf0, 0x3e, 0x11);
// {7d1f0a6e-2d6c-4c3b-9a7e-91a8c1f03e12}
DEFINE_GUID(FT_CALLOUT_STREAM_V4,
    0x7d1f0a6e, 0x2d6c, 0x4c3b, 0x9a, 0x7e, 0x91, 0xa8, 0xc1, 0xf0, 0x3e, 0x12);
// {7d1f0a6e-2d6c-4c3b-9a7e-91a8c1f03e13}
DEFINE_GUID(FT_SUBLAYER,
    0x7d1f0a6e, 0x2d6c, 0x4c3b, 0x9a, 0x7e, 0x91, 0xa8, 0xc1, 0xf0, 0x3e, 0x13);

namespace flowtag {

struct FlowCtx {
    LIST_ENTRY  Link;
    UINT64      FlowHandle;
    UINT16      RemotePort;
    bool        Removing;
    volatile LONG64 Bytes;
};

class Callouts {
public:
    static NTSTATUS Register(PDEVICE_OBJECT device);
    static void     Unregister();
    static void     RemoveAllFlows();

    static UINT32   FlowId;
    static UINT32   StreamId;

    static KSPIN_LOCK  FlowLock;
    static LIST_ENTRY  Flows;
};

class Mgmt {
public:
    static NTSTATUS AddObjects();
    static void     Close();
    static HANDLE   Engine;
};

} // namespace flowtag
