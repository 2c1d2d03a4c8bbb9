//
// wfpmon - logs outbound IPv4 connects (pid, remote addr/port) to the
// kernel debugger.  Research tool, not for production boxes.
//
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define NDIS_SUPPORT_NDIS6 1
#pragma warning(push)
#pragma warning(disable:4201)   // nameless struct/union
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
#include <guiddef.h>

#define WM_DEVICE_NAME  L"\\Device\\WfpMon"
#define WM_TAG          'noMW'

// {8a0e5c33-3c0d-4b7f-9a53-3f4c5b2f1e01}
DEFINE_GUID(WM_CALLOUT_CONNECT_V4,
    0x8a0e5c33, 0x3c0d, 0x4b7f, 0x9a, 0x53, 0x3f, 0x4c, 0x5b, 0x2f, 0x1e, 0x01);
// {8a0e5c33-3c0d-4b7f-9a53-3f4c5b2f1e02}
DEFINE_GUID(WM_SUBLAYER,
    0x8a0e5c33, 0x3c0d, 0x4b7f, 0x9a, 0x53, 0x3f, 0x4c, 0x5b, 0x2f, 0x1e, 0x02);

#define WM_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "wfpmon: " fmt "\n", __VA_ARGS__)

typedef struct _WM_STATE {
    WDFDEVICE  Device;
    HANDLE     EngineHandle;
    UINT32     FwpsCalloutId;     // runtime id from FwpsCalloutRegister
    UINT32     FwpmCalloutId;     // BFE id from FwpmCalloutAdd
    UINT64     FilterId;
    BOOLEAN    CalloutRegistered;
} WM_STATE, *PWM_STATE;

extern WM_STATE g_Wm;

NTSTATUS WmRegisterCallouts(_In_ PDEVICE_OBJECT DeviceObject);
NTSTATUS WmAddFilters(VOID);
NTSTATUS WmTeardown(VOID);
