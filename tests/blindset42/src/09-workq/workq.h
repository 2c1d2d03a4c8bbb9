// workq.h - hands buffers to IoQueueWorkItem and keeps the checksums
#pragma once

#include <ntddk.h>

#define WQ_TAG              'qWkW'
#define WQ_DEVICE_NAME      L"\\Device\\WorkQ"
#define WQ_LINK_NAME        L"\\??\\WorkQ"

#define IOCTL_WQ_SUBMIT     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_WQ_RESULTS    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)

#define WQ_MAX_INPUT        4096
#define WQ_RESULT_SLOTS     32

struct WQ_RESULT
{
    ULONG Sequence;
    ULONG Length;
    ULONG Crc32;
};

namespace wq {

class Engine
{
public:
    static void     Init();
    static NTSTATUS Submit(PDEVICE_OBJECT Device, const void* Data, ULONG Length, PULONG Sequence);
    static ULONG    CopyResults(WQ_RESULT* Out, ULONG MaxCount);
    static void     Shutdown();     // blocks until every queued item has run

private:
    struct Job
    {
        PIO_WORKITEM    Item;
        ULONG           Sequence;
        ULONG           Length;
        UCHAR           Data[1];
    };

    static IO_WORKITEM_ROUTINE JobRoutine;
    static ULONG Crc32(const UCHAR* p, ULONG n);
    static void  Record(ULONG seq, ULONG len, ULONG crc);

    static EX_RUNDOWN_REF   s_Rundown;
    static KSPIN_LOCK       s_ResultLock;
    static WQ_RESULT        s_Results[WQ_RESULT_SLOTS];
    static ULONG            s_ResultNext;
    static volatile LONG    s_Sequence;
};

} // namespace wq
