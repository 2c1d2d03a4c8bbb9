#pragma once
//
// wfplog: logs every outbound IPv4 connect attempt (ALE auth connect layer)
// with the process id. Permits everything; it only looks.
//
#define NDIS_SUPPORT_NDIS6 1
#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable: 4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define WL_PRINT(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "wfplog: " fmt "\n", __VA_ARGS__)

// {8E4C2E61-7A3B-4C3E-9C63-1F0D5B1E2A71}
DEFINE_GUID(WL_CALLOUT_KEY, 0x8e4c2e61, 0x7a3b, 0x4c3e, 0x9c, 0x63, 0x1f, 0x0d, 0x5b, 0x1e, 0x2a, 0x71);
// {2D7B9F0A-44C1-4E8B-A1F7-6C3A0B9D5E12}
DEFINE_GUID(WL_SUBLAYER_KEY, 0x2d7b9f0a, 0x44c1, 0x4e8b, 0xa1, 0xf7, 0x6c, 0x3a, 0x0b, 0x9d, 0x5e, 0x12);

typedef struct _WL_GLOBALS {
    PDEVICE_OBJECT Device;
    HANDLE         Engine;
    UINT32         CalloutId;
    UINT64         FilterId;
    volatile LONG  Seen;
} WL_GLOBALS;

extern WL_GLOBALS g_Wl;

// callout.c
void NTAPI WlClassify(const FWPS_INCOMING_VALUES0* FixedValues,
                      const FWPS_INCOMING_METADATA_VALUES0* MetaValues,
                      void* LayerData, const FWPS_FILTER0* Filter,
                      UINT64 FlowContext, FWPS_CLASSIFY_OUT0* ClassifyOut);
NTSTATUS NTAPI WlNotify(FWPS_CALLOUT_NOTIFY_TYPE NotifyType, const GUID* FilterKey,
                        const FWPS_FILTER0* Filter);
NTSTATUS WlAddObjects(HANDLE Engine, UINT64* FilterId);
