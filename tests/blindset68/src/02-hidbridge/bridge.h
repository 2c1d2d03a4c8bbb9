#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
}

#define HB_TAG              'BdiH'
#define HB_REPORT_SIZE      64
#define HB_RING_REPORTS     128
#define HB_NT_NAME          L"\\Device\\HidBridge0"
#define HB_DOS_NAME         L"\\DosDevices\\HidBridge0"

#define IOCTL_HB_PUSH_REPORT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_HB_PULL_REPORT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_HB_RESET        CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)

#if DBG
#define HBLOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[hidbridge] " fmt "\n", __VA_ARGS__)
#else
#define HBLOG(fmt, ...) ((void)0)
#endif

#define CHECK_STATUS(s, what)                                  \
    if (!NT_SUCCESS(s)) {                                      \
        HBLOG("%s failed 0x%08X", what, s);                    \
        goto cleanup;                                          \
    }

namespace hb {

struct ReportSlot {
    UCHAR Data[HB_REPORT_SIZE];
};

class Bridge {
public:
    static NTSTATUS Create(_In_ WDFDRIVER Driver);
    static void     Destroy();

    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL OnIoctl;
    static EVT_WDF_DRIVER_UNLOAD OnUnload;

    static WDFDEVICE    s_Control;
    static WDFQUEUE     s_PendingPulls;
    static WDFMEMORY    s_RingMemory;
    static ReportSlot*  s_Ring;
    static WDFSPINLOCK  s_RingLock;
    static ULONG        s_Head;
    static ULONG        s_Tail;

private:
    static NTSTATUS CreateQueues(_In_ WDFDEVICE Device);
    static bool Pop(_Out_ ReportSlot* Out);
    static void Push(_In_ const ReportSlot* In);
};

} // namespace hb
