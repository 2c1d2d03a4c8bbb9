//
// netguard - definitions shared by the blocking callout (callout/) and the
// connection monitor (monitor/).
//
#pragma once

#include <ntddk.h>
#include <ndis.h>
#pragma warning(push)
#pragma warning(disable:4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
#include <ws2ipdef.h>

#define NG_TAG  'dGtN'

#define NG_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "netguard: " fmt "\n", __VA_ARGS__)

typedef struct _NG_CALLOUT_DESC {
    const GUID                  *CalloutKey;
    FWPS_CALLOUT_CLASSIFY_FN3   Classify;
    FWPS_CALLOUT_NOTIFY_FN3     Notify;
    PCSTR                       Name;
} NG_CALLOUT_DESC;

// callout keys, defined in guids.c; the service adds the filters that use them
extern const GUID NG_CALLOUT_CONNECT_V4;
extern const GUID NG_CALLOUT_CONNECT_V6;
extern const GUID NG_CALLOUT_ACCEPT_V4;
extern const GUID NG_CALLOUT_ACCEPT_V6;
extern const GUID NG_MONITOR_FLOW_V4;
extern const GUID NG_MONITOR_FLOW_V6;

NTSTATUS
NgNotifyNoop(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
    _In_ const GUID *FilterKey,
    _Inout_ FWPS_FILTER3 *Filter
    );

BOOLEAN
NgIsBlockedPort(
    _In_ UINT16 RemotePort
    );
