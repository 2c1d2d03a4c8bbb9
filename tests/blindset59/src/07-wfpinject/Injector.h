#pragma once

#define NDIS630 1

extern "C" {
#include <ntddk.h>
#include <ndis.h>
#pragma warning(push)
#pragma warning(disable: 4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
}

#define WFPI_TAG        'jnIW'
#define WFPI_MIRROR_PORT 514        // syslog over UDP, sent twice on lossy links
#define WFPI_PROTO_UDP   17

#define WLOG(fmt, ...) KdPrint(("wfpinject: " fmt "\n", __VA_ARGS__))

// {c2a7e4d1-6b0f-4f58-8e21-9d3a5b7c1f10}
DEFINE_GUID(WFPI_SUBLAYER_KEY,
    0xc2a7e4d1, 0x6b0f, 0x4f58, 0x8e, 0x21, 0x9d, 0x3a, 0x5b, 0x7c, 0x1f, 0x10);
// {c2a7e4d1-6b0f-4f58-8e21-9d3a5b7c1f11}
DEFINE_GUID(WFPI_CALLOUT_KEY,
    0xc2a7e4d1, 0x6b0f, 0x4f58, 0x8e, 0x21, 0x9d, 0x3a, 0x5b, 0x7c, 0x1f, 0x11);

namespace wfpi {

class Injector {
public:
    static NTSTATUS Initialize(PDRIVER_OBJECT driver);
    static void     Shutdown();

    static NTSTATUS RegisterCallout(PDEVICE_OBJECT device);
    static void     UnregisterCallout();

    static LONG64   Mirrored() { return s_mirrored; }

private:
    static void NTAPI Classify(const FWPS_INCOMING_VALUES0* inFixedValues,
                               const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
                               void* layerData,
                               const FWPS_FILTER0* filter,
                               UINT64 flowContext,
                               FWPS_CLASSIFY_OUT0* classifyOut);
    static NTSTATUS NTAPI Notify(FWPS_CALLOUT_NOTIFY_TYPE type, const GUID* filterKey,
                                 const FWPS_FILTER0* filter);
    static void NTAPI InjectComplete(void* context, NET_BUFFER_LIST* nbl, BOOLEAN dispatchLevel);

    static NTSTATUS CloneAndInject(const FWPS_INCOMING_VALUES0* inFixedValues,
                                   const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
                                   NET_BUFFER_LIST* nbl);

    static PNDIS_GENERIC_OBJECT s_ndisObject;
    static NDIS_HANDLE          s_nblPool;
    static HANDLE               s_injection;
    static UINT32               s_calloutId;
    static volatile LONG64      s_mirrored;
};

} // namespace wfpi
