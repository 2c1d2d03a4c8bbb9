// workq.h -- deferred registry stamping through IO_WORKITEMs
#pragma once

extern "C" {
#include <ntddk.h>
}

#define WQ_TAG          'qWkW'
#define WQ_NT_NAME      L"\\Device\\WorkQ"
#define WQ_DOS_NAME     L"\\??\\WorkQ"

#define WQ_DEVTYPE      0xA1B0
#define IOCTL_WQ_KICK   CTL_CODE(WQ_DEVTYPE, 0xA00, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_WQ_STATUS CTL_CODE(WQ_DEVTYPE, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)

#define KLOG(fmt, ...)  KdPrint(("workq: " fmt "\n", __VA_ARGS__))

namespace workq {

struct WQ_STATUS {
    ULONG Kicks;
    ULONG Completed;
    ULONG Busy;
    NTSTATUS LastWriteStatus;
};

class WorkQueue {
public:
    static NTSTATUS Init(PDRIVER_OBJECT DriverObject, PCUNICODE_STRING RegistryPath);
    static void     Shutdown();
    static NTSTATUS Kick(ULONG Value);
    static void     Query(WQ_STATUS* Out);

    static PDEVICE_OBJECT Device() { return s_Device; }

private:
    static IO_WORKITEM_ROUTINE Worker;

    static PDEVICE_OBJECT  s_Device;
    static PIO_WORKITEM    s_WorkItem;
    static UNICODE_STRING  s_RegPath;
    static KEVENT          s_Idle;       // signaled when no work item is queued
    static volatile LONG   s_Busy;
    static ULONG           s_Pending;
    static WQ_STATUS       s_Status;
};

} // namespace workq

extern "C" DRIVER_DISPATCH WqDispatch;
