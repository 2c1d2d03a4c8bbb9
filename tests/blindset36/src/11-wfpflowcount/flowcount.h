//
// flowcount.h - KMDF non-PnP WFP callout driver that counts established
// IPv4 flows and reports the totals through \\.\FlowCount.
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#pragma warning(push)
#pragma warning(disable:4201)
#define NDIS630 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
}

#include "trace.h"

#define FC_TAG                  'tnCF'
#define FC_NT_NAME              L"\\Device\\FlowCount"
#define FC_DOS_NAME             L"\\DosDevices\\FlowCount"

#define IOCTL_FLOWCOUNT_QUERY   CTL_CODE(FILE_DEVICE_NETWORK, 0x870, METHOD_BUFFERED, FILE_READ_ACCESS)

struct FLOWCOUNT_STATS {
    LONG64 TcpFlows;
    LONG64 UdpFlows;
    LONG64 OtherFlows;
};

// {0C7F5E28-9B14-4D63-A85E-3F21D7B6904A}
DEFINE_GUID(FC_CALLOUT_FLOW_V4,
    0x0c7f5e28, 0x9b14, 0x4d63, 0xa8, 0x5e, 0x3f, 0x21, 0xd7, 0xb6, 0x90, 0x4a);
// {D41A6B73-2E08-4C9F-97B5-60E8A3C21F5D}
DEFINE_GUID(FC_SUBLAYER,
    0xd41a6b73, 0x2e08, 0x4c9f, 0x97, 0xb5, 0x60, 0xe8, 0xa3, 0xc2, 0x1f, 0x5d);

namespace wfp {

class Callouts {
public:
    static NTSTATUS Register(_In_ PDEVICE_OBJECT DeviceObject);
    static void     Unregister();
    static void     Snapshot(_Out_ FLOWCOUNT_STATS* Stats);

private:
    static void NTAPI Classify(const FWPS_INCOMING_VALUES0*, const FWPS_INCOMING_METADATA_VALUES0*,
                               void*, const void*, const FWPS_FILTER3*, UINT64, FWPS_CLASSIFY_OUT0*);
    static NTSTATUS NTAPI Notify(FWPS_CALLOUT_NOTIFY_TYPE, const GUID*, FWPS_FILTER3*);

    static UINT32          s_CalloutId;
    static bool            s_Registered;
    static FLOWCOUNT_STATS s_Stats;
};

class Engine {
public:
    static NTSTATUS Install();
    static void     Uninstall();

private:
    static HANDLE s_Handle;
    static UINT64 s_FilterId;
};

} // namespace wfp

extern "C" DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD           FcEvtDriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP  FcEvtDriverContextCleanup;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL FcEvtIoDeviceControl;
