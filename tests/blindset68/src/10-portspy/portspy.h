#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
}

#define PS_CONTROL_NAME     L"\\Device\\PortSpy"
#define PS_CONTROL_LINK     L"\\DosDevices\\PortSpy"
#define PS_MAX_PORTS        16

#define IOCTL_PS_GET_COUNTERS   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x870, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PS_RESET          CTL_CODE(FILE_DEVICE_UNKNOWN, 0x871, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#if DBG
#define PSLOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "portspy: " fmt "\n", __VA_ARGS__)
#else
#define PSLOG(fmt, ...)
#endif

namespace portspy {

struct PortCounters {
    ULONG64 BytesRead;
    ULONG64 BytesWritten;
    ULONG   Ioctls;
    ULONG   Index;
};

struct FilterCtx {
    PortCounters Counters;
    ULONG        Index;
    BOOLEAN      Tracked;
};

class WaitLockGuard {
public:
    explicit WaitLockGuard(WDFWAITLOCK l) : m_l(l) { WdfWaitLockAcquire(m_l, nullptr); }
    ~WaitLockGuard() { WdfWaitLockRelease(m_l); }
private:
    WDFWAITLOCK m_l;
    WaitLockGuard(const WaitLockGuard&);
    WaitLockGuard& operator=(const WaitLockGuard&);
};

class Registry {
public:
    static NTSTATUS Init(_In_ WDFDRIVER Driver);
    static NTSTATUS Attach(_In_ WDFDEVICE Filter);
    static void Detach(_In_ WDFDEVICE Filter);

    static WDFDRIVER     s_Driver;
    static WDFCOLLECTION s_Filters;
    static WDFWAITLOCK   s_Lock;
    static WDFDEVICE     s_Control;
    static ULONG         s_NextIndex;

private:
    static NTSTATUS CreateControl();
};

EVT_WDF_DRIVER_DEVICE_ADD EvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP EvtFilterCleanup;
EVT_WDF_IO_QUEUE_IO_READ EvtRead;
EVT_WDF_IO_QUEUE_IO_WRITE EvtWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtFilterIoctl;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtControlIoctl;
EVT_WDF_REQUEST_COMPLETION_ROUTINE ReadDone;

} // namespace portspy

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(portspy::FilterCtx, GetFilterCtx)
