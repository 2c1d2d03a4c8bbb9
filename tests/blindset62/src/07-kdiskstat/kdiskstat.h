//
// kdiskstat.h - KMDF upper filter on disk devices.  Counts reads/writes and
// exposes the totals through a control device (\\.\KDiskStat).
//
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define KDS_TAG             'tSDK'
#define KDS_NT_NAME         L"\\Device\\KDiskStat"
#define KDS_DOS_NAME        L"\\DosDevices\\KDiskStat"

#define IOCTL_KDS_GET_TOTALS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_READ_ACCESS)

#define KDS_DBG(fmt, ...)   KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "kdiskstat: " fmt "\n", __VA_ARGS__))

struct KDS_TOTALS {
    LONG64 Reads;
    LONG64 Writes;
    LONG64 BytesRead;
    LONG64 BytesWritten;
    ULONG  Disks;
};

struct FILTER_CONTEXT {
    WDFDEVICE   Device;
    WDFIOTARGET Target;
    LONG64      Reads;
    LONG64      Writes;
    BOOLEAN     Listed;         // sits in kds::g.Devices
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FILTER_CONTEXT, FilterGetContext)

namespace kds {

struct Globals {
    WDFCOLLECTION   Devices;        // all filter devices we are attached as
    WDFWAITLOCK     DevicesLock;
    WDFDEVICE       Control;
    KDS_TOTALS      Totals;
};

extern Globals g;

class WaitLockGuard {
public:
    explicit WaitLockGuard(WDFWAITLOCK Lock) : m_lock(Lock) { WdfWaitLockAcquire(m_lock, nullptr); }
    ~WaitLockGuard() { WdfWaitLockRelease(m_lock); }
    WaitLockGuard(const WaitLockGuard&) = delete;
    WaitLockGuard& operator=(const WaitLockGuard&) = delete;
private:
    WDFWAITLOCK m_lock;
};

class Filter {
public:
    static EVT_WDF_DRIVER_DEVICE_ADD            EvtDeviceAdd;
    static EVT_WDF_OBJECT_CONTEXT_CLEANUP       EvtDeviceCleanup;
    static EVT_WDF_IO_QUEUE_IO_READ             EvtIoRead;
    static EVT_WDF_IO_QUEUE_IO_WRITE            EvtIoWrite;
    static EVT_WDF_IO_QUEUE_IO_DEFAULT          EvtIoDefault;
private:
    static void Forward(WDFQUEUE Queue, WDFREQUEST Request);
};

class ControlDevice {
public:
    static NTSTATUS Create(WDFDRIVER Driver);
    static void     Delete();
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;
};

} // namespace kds
