/*
 * wfplog.h - WFP callout that logs outbound IPv4 connects to the debugger
 */
#pragma once

#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable: 4201)      /* nameless struct/union in the WFP headers */
#define NDIS61 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)

#include <fwpmk.h>

#define INITGUID
#include <guiddef.h>

/* {2F6C0D91-7A4B-4C35-B1E8-0C9D4E6A7F12} */
DEFINE_GUID(WFPLOG_CALLOUT_CONNECT_V4,
    0x2f6c0d91, 0x7a4b, 0x4c35, 0xb1, 0xe8, 0x0c, 0x9d, 0x4e, 0x6a, 0x7f, 0x12);

/* {9A1E5B37-2C84-4F60-8D2B-71E3C5A90B46} */
DEFINE_GUID(WFPLOG_SUBLAYER,
    0x9a1e5b37, 0x2c84, 0x4f60, 0x8d, 0x2b, 0x71, 0xe3, 0xc5, 0xa9, 0x0b, 0x46);

#define WL_PRINT(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "wfplog: " __VA_ARGS__)

/* callout.c */
void NTAPI WlClassifyConnect(const FWPS_INCOMING_VALUES0 *inFixedValues,
                             const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
                             void *layerData,
                             const FWPS_FILTER0 *filter,
                             UINT64 flowContext,
                             FWPS_CLASSIFY_OUT0 *classifyOut);

NTSTATUS NTAPI WlNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType,
                        const GUID *filterKey,
                        const FWPS_FILTER0 *filter);
