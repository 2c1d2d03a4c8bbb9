//
// wfpguard - blocks outbound TCP/UDP connects to a small list of ports.
// Shared header for driver.cpp / guard.cpp
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <wdm.h>
#pragma warning(push)
#pragma warning(disable: 4201)  // nameless struct/union
#define NDIS630 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
}

#define GUARD_POOL_TAG      'drGW'
#define GUARD_DEVICE_NAME   L"\\Device\\WfpGuard"

#define GLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "wfpguard: " fmt "\n", __VA_ARGS__)
#define GERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "wfpguard!ERR: " fmt "\n", __VA_ARGS__)

// {3E0C5D7A-9B2E-4D0F-8C61-7A1F2B9E44C1}
extern "C" const GUID GUARD_CALLOUT_V4;
// {C47A1E33-52D9-4B6B-A0F4-1D8E6C2B7F05}
extern "C" const GUID GUARD_SUBLAYER;

namespace guard {

constexpr USHORT MaxBlockedPorts = 16;

class Callout
{
public:
    static NTSTATUS Register(_In_ PDEVICE_OBJECT DeviceObject);
    static void     Unregister();
    static UINT32   Id() { return s_calloutId; }

    static volatile LONG64 s_blocked;
    static volatile LONG64 s_seen;

private:
    static void NTAPI Classify(
        _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
        _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
        _Inout_opt_ void* layerData,
        _In_opt_ const void* classifyContext,
        _In_ const FWPS_FILTER2* filter,
        _In_ UINT64 flowContext,
        _Inout_ FWPS_CLASSIFY_OUT0* classifyOut);

    static NTSTATUS NTAPI Notify(
        _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
        _In_ const GUID* filterKey,
        _Inout_ FWPS_FILTER2* filter);

    static bool IsBlocked(USHORT port);

    static UINT32 s_calloutId;
    static USHORT s_ports[MaxBlockedPorts];
    static USHORT s_portCount;
};

class Engine
{
public:
    static NTSTATUS Install();
    static void     Remove();

private:
    static HANDLE s_engine;
    static UINT64 s_filterId;
};

} // namespace guard
