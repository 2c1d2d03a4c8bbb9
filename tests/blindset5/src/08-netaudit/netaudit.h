/*
 * netaudit.h - NetAudit WFP callout driver.
 *
 * Logs outbound connects, inbound accepts and stream data volumes for the
 * NetAudit agent.  Three callouts at three layers, registered as an array.
 */
#pragma once

#define NDIS630 1
#include <ntddk.h>
#include <wdm.h>
#pragma warning(push)
#pragma warning(disable:4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
#define INITGUID
#include <guiddef.h>

#define NA_TAG 'tuAN'

// {9D1B3E52-6C77-4A0E-8B1F-3B2C8F6A0D01}
DEFINE_GUID(NA_CALLOUT_CONNECT_V4,
    0x9d1b3e52, 0x6c77, 0x4a0e, 0x8b, 0x1f, 0x3b, 0x2c, 0x8f, 0x6a, 0x0d, 0x01);
// {9D1B3E52-6C77-4A0E-8B1F-3B2C8F6A0D02}
DEFINE_GUID(NA_CALLOUT_ACCEPT_V4,
    0x9d1b3e52, 0x6c77, 0x4a0e, 0x8b, 0x1f, 0x3b, 0x2c, 0x8f, 0x6a, 0x0d, 0x02);
// {9D1B3E52-6C77-4A0E-8B1F-3B2C8F6A0D03}
DEFINE_GUID(NA_CALLOUT_STREAM_V4,
    0x9d1b3e52, 0x6c77, 0x4a0e, 0x8b, 0x1f, 0x3b, 0x2c, 0x8f, 0x6a, 0x0d, 0x03);
// {9D1B3E52-6C77-4A0E-8B1F-3B2C8F6A0D10}
DEFINE_GUID(NA_SUBLAYER,
    0x9d1b3e52, 0x6c77, 0x4a0e, 0x8b, 0x1f, 0x3b, 0x2c, 0x8f, 0x6a, 0x0d, 0x10);

#define NA_CALLOUT_COUNT 3

typedef struct _NA_CALLOUT_DEF {
    const GUID *                    CalloutKey;
    const GUID *                    LayerKey;
    FWPS_CALLOUT_CLASSIFY_FN3       Classify;
    FWPS_CALLOUT_NOTIFY_FN3         Notify;
    FWPS_CALLOUT_FLOW_DELETE_NOTIFY_FN0 FlowDelete;
    PCWSTR                          Name;
} NA_CALLOUT_DEF;

extern const NA_CALLOUT_DEF g_NaCallouts[NA_CALLOUT_COUNT];

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     NaUnload;

void NTAPI NaClassifyConnect(const FWPS_INCOMING_VALUES0*, const FWPS_INCOMING_METADATA_VALUES0*,
    void*, const void*, const FWPS_FILTER3*, UINT64, FWPS_CLASSIFY_OUT0*);
void NTAPI NaClassifyAccept(const FWPS_INCOMING_VALUES0*, const FWPS_INCOMING_METADATA_VALUES0*,
    void*, const void*, const FWPS_FILTER3*, UINT64, FWPS_CLASSIFY_OUT0*);
void NTAPI NaClassifyStream(const FWPS_INCOMING_VALUES0*, const FWPS_INCOMING_METADATA_VALUES0*,
    void*, const void*, const FWPS_FILTER3*, UINT64, FWPS_CLASSIFY_OUT0*);
NTSTATUS NTAPI NaNotify(FWPS_CALLOUT_NOTIFY_TYPE, const GUID*, FWPS_FILTER3*);
