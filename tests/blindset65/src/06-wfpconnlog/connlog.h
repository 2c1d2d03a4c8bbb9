#pragma once
//
// connlog - log every outbound IPv4 connect attempt (ALE auth-connect layer).
// KMDF non-PnP callout driver. Permit-only, it never blocks anything.
//
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#pragma warning(push)
#pragma warning(disable: 4201)
#define NDIS630 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define CL_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "connlog: " fmt "\n", __VA_ARGS__)

#define CHECK(expr, label)                                                   \
    do {                                                                     \
        status = (expr);                                                     \
        if (!NT_SUCCESS(status)) {                                           \
            CL_LOG("%s failed 0x%08X (line %d)", #expr, status, __LINE__);   \
            goto label;                                                      \
        }                                                                    \
    } while (0)

namespace connlog {

// {2B7A4E10-93C1-4D38-8E56-0A1F4C2B9E01}
static const GUID kCalloutKey =
    { 0x2b7a4e10, 0x93c1, 0x4d38, { 0x8e, 0x56, 0x0a, 0x1f, 0x4c, 0x2b, 0x9e, 0x01 } };
// {2B7A4E11-93C1-4D38-8E56-0A1F4C2B9E01}
static const GUID kSubLayerKey =
    { 0x2b7a4e11, 0x93c1, 0x4d38, { 0x8e, 0x56, 0x0a, 0x1f, 0x4c, 0x2b, 0x9e, 0x01 } };

struct Globals {
    WDFDEVICE       Control;
    PDEVICE_OBJECT  Wdm;
    UINT32          CalloutId;
    HANDLE          Engine;
    HANDLE          BfeChange;
    volatile LONG   ObjectsAdded;
    volatile LONG64 Flows;
};

extern Globals g;

class Wfp {
public:
    static NTSTATUS RegisterCallout(_In_ PDEVICE_OBJECT dev);
    static void     UnregisterCallout();
    static NTSTATUS WatchBfe(_In_ PDEVICE_OBJECT dev);
    static void     RemoveObjects();

private:
    static NTSTATUS AddObjects();
    static void NTAPI BfeStateChanged(_Inout_ void* ctx, _In_ FWPM_SERVICE_STATE state);

    static void NTAPI Classify(const FWPS_INCOMING_VALUES0* in,
                               const FWPS_INCOMING_METADATA_VALUES0* meta,
                               void* layerData,
                               const void* classifyCtx,
                               const FWPS_FILTER1* filter,
                               UINT64 flowCtx,
                               FWPS_CLASSIFY_OUT0* out);
    static NTSTATUS NTAPI Notify(FWPS_CALLOUT_NOTIFY_TYPE type,
                                 const GUID* filterKey,
                                 FWPS_FILTER1* filter);
};

} // namespace connlog
