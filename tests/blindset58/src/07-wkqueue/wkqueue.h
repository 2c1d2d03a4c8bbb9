// wkqueue.h  --  tiny job queue on top of a single IO_WORKITEM
//
//   app --IOCTL_WKQ_SUBMIT--> list --IoQueueWorkItem--> worker thread
//
#pragma once

extern "C" {
#include <ntddk.h>
}

#define WKQ_TAG         'qkWj'
#define WKQ_NT_NAME     L"\\Device\\WkQueue"
#define WKQ_DOS_NAME    L"\\??\\WkQueue"

#define WKQ_MAX_PENDING 256

#define WKQ_TYPE        0xA0C5
#define IOCTL_WKQ_SUBMIT  CTL_CODE(WKQ_TYPE, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_WKQ_STATUS  CTL_CODE(WKQ_TYPE, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)

#define LOG(fmt, ...)   DbgPrint("[wkq] %s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#define LOGERR(what, st) DbgPrint("[wkq] %s: %s failed 0x%08X\n", __FUNCTION__, what, st)

enum WKQ_OP : ULONG {
    WkqOpSleep    = 1,   // Arg = milliseconds
    WkqOpChecksum = 2,   // Arg = bytes of pool to allocate and sum
};

struct WKQ_SUBMIT_IN  { ULONG Op; ULONG Arg; };
struct WKQ_SUBMIT_OUT { ULONG Id; };
struct WKQ_STATUS_OUT { ULONG Submitted; ULONG Done; ULONG Pending; };

namespace wkq {

struct Job {
    LIST_ENTRY Link;
    ULONG      Id;
    ULONG      Op;
    ULONG      Arg;
};

class Queue {
public:
    static void     Init(PIO_WORKITEM item);
    static NTSTATUS Submit(ULONG op, ULONG arg, PULONG id);
    static void     Drain();
    static void     Status(WKQ_STATUS_OUT* out);

private:
    static IO_WORKITEM_ROUTINE Worker;
    static void Run(Job* job);

    static PIO_WORKITEM s_Item;
    static KSPIN_LOCK   s_Lock;
    static LIST_ENTRY   s_List;
    static ULONG        s_Pending;
    static BOOLEAN      s_Queued;
    static BOOLEAN      s_Stopping;
    static KEVENT       s_Idle;
    static ULONG        s_NextId;
    static volatile LONG s_Done;
};

// device.cpp
NTSTATUS CreateControlDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT* Device);
void     DeleteControlDevice(PDEVICE_OBJECT Device);

} // namespace wkq
