#pragma once
//
// kmdfctl - non-PnP KMDF driver exposing a control device for a couple of
// diagnostic IOCTLs (echo, version, stats)
//
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define CTL_TAG              'lCdK'
#define CTL_NT_NAME          L"\\Device\\KmdfCtl"
#define CTL_DOS_NAME         L"\\DosDevices\\KmdfCtl"
#define CTL_VERSION          0x00010003
#define CTL_DEFAULT_MAX_ECHO 4096

#define IOCTL_CTL_GET_VERSION CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CTL_ECHO        CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_DATA | FILE_WRITE_DATA)
#define IOCTL_CTL_GET_STATS   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_READ_DATA)

#define TraceInfo(fmt, ...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "kmdfctl: " fmt "\n", __VA_ARGS__)
#define TraceError(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kmdfctl: [E] " fmt "\n", __VA_ARGS__)

struct CtlStats {
    ULONG   Opens;
    ULONG   Closes;
    ULONG64 BytesEchoed;
};

struct ControlContext {
    WDFWAITLOCK Lock;
    CtlStats    Stats;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(ControlContext, GetControlContext)

namespace ctl {
    extern ULONG g_MaxEcho;
}

class ControlDevice {
public:
    static bool      Create(WDFDRIVER Driver);
    static WDFDEVICE Handle() { return s_Device; }

private:
    static EVT_WDF_DEVICE_FILE_CREATE         OnCreate;
    static EVT_WDF_FILE_CLOSE                 OnClose;
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL OnDeviceControl;

    static WDFDEVICE s_Device;
};
