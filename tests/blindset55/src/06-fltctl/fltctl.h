#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
}

//
// fltctl: upper filter that counts IOCTL traffic on whatever it is attached to
// and exposes the totals through one sideband control device, \\.\FltCtl.
//
// The pattern is the usual one: every filter instance goes into a collection,
// the control device is created with the first instance.
//

#define FLTCTL_TAG          'lCtF'
#define FLTCTL_NT_NAME      L"\\Device\\FltCtl"
#define FLTCTL_DOS_NAME     L"\\DosDevices\\FltCtl"
#define FLTCTL_MAX_CODES    32

#define IOCTL_FLTCTL_QUERY  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB00, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_FLTCTL_CLEAR  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB01, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define FLOG(fmt, ...)  KdPrint(("fltctl!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__))

struct IoctlCounter {
    ULONG Code;
    ULONG Hits;
};

struct SharedStats {
    ULONG        Instances;
    ULONG        Forwarded;
    ULONG        SendFailures;
    IoctlCounter Codes[FLTCTL_MAX_CODES];
};

struct FilterContext {
    WDFIOTARGET Target;
    ULONG       Index;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FilterContext, GetFilterContext)

namespace fltctl {

class Filter {
public:
    static NTSTATUS Initialize(WDFDRIVER Driver);
    static EVT_WDF_DRIVER_DEVICE_ADD       OnDeviceAdd;

    static WDFCOLLECTION s_Devices;
    static WDFWAITLOCK   s_Lock;

private:
    static EVT_WDF_OBJECT_CONTEXT_CLEANUP  OnCleanup;
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL OnIoctl;
};

class Control {
public:
    static NTSTATUS EnsureCreated(WDFDEVICE FilterDevice);
    static void     Count(ULONG Code, bool Sent);

    static WDFDEVICE    s_Device;
    static WDFMEMORY    s_StatsMemory;
    static SharedStats* s_Stats;
    static WDFSPINLOCK  s_StatsLock;

private:
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL OnIoctl;
};

} // namespace fltctl
