#include <initguid.h>
#include "wfpcommon.h"

// {3e6f9e11-5a0b-4f3e-8a63-1f0b7d2c9a01}
DEFINE_GUID(NG_CALLOUT_CONNECT_V4, 0x3e6f9e11, 0x5a0b, 0x4f3e, 0x8a, 0x63, 0x1f, 0x0b, 0x7d, 0x2c, 0x9a, 0x01);
// {3e6f9e11-5a0b-4f3e-8a63-1f0b7d2c9a02}
DEFINE_GUID(NG_CALLOUT_CONNECT_V6, 0x3e6f9e11, 0x5a0b, 0x4f3e, 0x8a, 0x63, 0x1f, 0x0b, 0x7d, 0x2c, 0x9a, 0x02);
// {3e6f9e11-5a0b-4f3e-8a63-1f0b7d2c9a03}
DEFINE_GUID(NG_CALLOUT_ACCEPT_V4, 0x3e6f9e11, 0x5a0b, 0x4f3e, 0x8a, 0x63, 0x1f, 0x0b, 0x7d, 0x2c, 0x9a, 0x03);
// {3e6f9e11-5a0b-4f3e-8a63-1f0b7d2c9a04}
DEFINE_GUID(NG_CALLOUT_ACCEPT_V6, 0x3e6f9e11, 0x5a0b, 0x4f3e, 0x8a, 0x63, 0x1f, 0x0b, 0x7d, 0x2c, 0x9a, 0x04);
// {3e6f9e11-5a0b-4f3e-8a63-1f0b7d2c9a10}
DEFINE_GUID(NG_MONITOR_FLOW_V4, 0x3e6f9e11, 0x5a0b, 0x4f3e, 0x8a, 0x63, 0x1f, 0x0b, 0x7d, 0x2c, 0x9a, 0x10);
// {3e6f9e11-5a0b-4f3e-8a63-1f0b7d2c9a11}
DEFINE_GUID(NG_MONITOR_FLOW_V6, 0x3e6f9e11, 0x5a0b, 0x4f3e, 0x8a, 0x63, 0x1f, 0x0b, 0x7d, 0x2c, 0x9a, 0x11);

static const UINT16 g_BlockedPorts[] = { 23, 135, 445, 3389 };

NTSTATUS
NgNotifyNoop(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
    _In_ const GUID *FilterKey,
    _Inout_ FWPS_FILTER3 *Filter
    )
{
    UNREFERENCED_PARAMETER(NotifyType);
    UNREFERENCED_PARAMETER(FilterKey);
    UNREFERENCED_PARAMETER(Filter);
    return STATUS_SUCCESS;
}

BOOLEAN
NgIsBlockedPort(
    _In_ UINT16 RemotePort
    )
{
    ULONG i;
    for (i = 0; i < RTL_NUMBER_OF(g_BlockedPorts); i++) {
        if (g_BlockedPorts[i] == RemotePort) {
            return TRUE;
        }
    }
    return FALSE;
}
