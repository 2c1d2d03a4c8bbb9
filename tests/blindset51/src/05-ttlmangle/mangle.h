//
// ttlmangle - rewrites the IPv4 TTL of outgoing packets to a fixed value
// (the usual "make tethered traffic look local" trick). WFP outbound
// IPPACKET_V4 callout, clone + patch + reinject.
//
#pragma once

extern "C" {
#include <ntddk.h>
#pragma warning(push)
#pragma warning(disable: 4201)
#define NDIS630 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
}

#define TTL_TAG         'lttM'
#define TTL_DEVICE      L"\\Device\\TtlMangle"
#define TTL_TARGET      65
#define TTL_WEIGHT      0x0F00

#define TLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "[ttl] " fmt "\n", __VA_ARGS__)

#define RETURN_IF_FAILED(expr, what)                                    \
    do {                                                                \
        NTSTATUS _s = (expr);                                           \
        if (!NT_SUCCESS(_s)) { TLOG("%s -> 0x%08X", what, _s); return _s; } \
    } while (0)

extern "C" const GUID TTL_CALLOUT_KEY;
extern "C" const GUID TTL_SUBLAYER_KEY;

namespace ttl {

class Mangler
{
public:
    static NTSTATUS CreatePools(_In_ PDRIVER_OBJECT DriverObject);
    static void     FreePools();
    static NTSTATUS CreateInjection();
    static void     DestroyInjection();
    static NTSTATUS RegisterCallout(_In_ PDEVICE_OBJECT Device);
    static void     UnregisterCallout();
    static void     WaitForInjections();

    static volatile LONG64 s_rewritten;

private:
    static void NTAPI Classify(
        _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
        _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
        _Inout_opt_ void* layerData,
        _In_opt_ const void* classifyContext,
        _In_ const FWPS_FILTER1* filter,
        _In_ UINT64 flowContext,
        _Inout_ FWPS_CLASSIFY_OUT0* classifyOut);

    static NTSTATUS NTAPI Notify(FWPS_CALLOUT_NOTIFY_TYPE, const GUID*, FWPS_FILTER1*);
    static void NTAPI InjectComplete(_In_ void* context, _Inout_ NET_BUFFER_LIST* nbl, _In_ BOOLEAN dispatchLevel);
    static void PatchTtl(_Inout_ PUCHAR ipHeader, UCHAR ttl);

    static HANDLE               s_inject;
    static PNDIS_GENERIC_OBJECT s_ndisObject;
    static NDIS_HANDLE          s_nblPool;
    static UINT32               s_calloutId;
    static volatile LONG        s_pending;
};

class Bfe
{
public:
    static NTSTATUS Install();
    static void     Remove();
private:
    static HANDLE s_engine;
    static UINT64 s_filterId;
};

} // namespace ttl
