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

#include "Trace.h"

#define WFPB_TAG          'kbFW'
#define WFPB_MAX_ADDRS    256
#define WFPB_VALUE_NAME   L"BlockedAddresses"   // REG_BINARY, array of IPv4, host order

// {e41f0a73-95c8-4d02-a6b3-7f1e2d9c4b50}
DEFINE_GUID(WFPB_SUBLAYER_KEY,
    0xe41f0a73, 0x95c8, 0x4d02, 0xa6, 0xb3, 0x7f, 0x1e, 0x2d, 0x9c, 0x4b, 0x50);
// {e41f0a73-95c8-4d02-a6b3-7f1e2d9c4b51}
DEFINE_GUID(WFPB_CALLOUT_KEY,
    0xe41f0a73, 0x95c8, 0x4d02, 0xa6, 0xb3, 0x7f, 0x1e, 0x2d, 0x9c, 0x4b, 0x51);

namespace wfpb {

// Immutable once DriverEntry has returned, so the classify path reads it
// without a lock.
class Blocklist {
public:
    static NTSTATUS Load(PCUNICODE_STRING registryPath);
    static void     Free();
    static bool     Contains(UINT32 address);
    static ULONG    Count() { return s_count; }

private:
    static UINT32* s_addrs;
    static ULONG   s_count;
};

class Callout {
public:
    static NTSTATUS Start(PDEVICE_OBJECT device);
    static void     Stop();
    static LONG64   Blocked() { return s_blocked; }

private:
    static NTSTATUS AddManagementObjects();

    static void NTAPI Classify(const FWPS_INCOMING_VALUES0* inFixedValues,
                               const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
                               void* layerData,
                               const void* classifyContext,
                               const FWPS_FILTER2* filter,
                               UINT64 flowContext,
                               FWPS_CLASSIFY_OUT0* classifyOut);
    static NTSTATUS NTAPI Notify(FWPS_CALLOUT_NOTIFY_TYPE notifyType,
                                 const GUID* filterKey,
                                 FWPS_FILTER2* filter);

    static HANDLE          s_engine;
    static UINT32          s_calloutId;
    static volatile LONG64 s_blocked;
};

} // namespace wfpb
