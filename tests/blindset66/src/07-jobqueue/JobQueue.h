#pragma once

extern "C" {
#include <ntifs.h>
}

#define JQ_TAG              'boJQ'
#define JQ_HISTORY_SLOTS    128

#define JQ_LOG(fmt, ...)    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[jobq] " fmt "\n", __VA_ARGS__))

#define FREE_POOL(p)        do { if ((p) != nullptr) { ExFreePool(p); (p) = nullptr; } } while (0)

#define IOCTL_JQ_SUBMIT     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x850, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_JQ_HISTORY    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x851, METHOD_BUFFERED, FILE_ANY_ACCESS)

enum class JobKind : ULONG
{
    ProcessInfo = 1,
    Ping        = 2,
};

struct JobRequest
{
    JobKind Kind;
    ULONG   ProcessId;
};

struct JobResult
{
    ULONG     Sequence;
    JobKind   Kind;
    ULONG     ProcessId;
    NTSTATUS  Status;
    LONGLONG  CreateTime;
    PVOID     SectionBase;
};

//
// single-slot async job runner: the overlay asks for process info and polls
// the history instead of blocking in DeviceIoControl
//
class JobQueue
{
public:
    static NTSTATUS Init(_In_ PDEVICE_OBJECT Device);
    static VOID     Shutdown();

    static VOID     AttachHistory(_In_ JobResult* Slots, _In_ ULONG Count);
    static NTSTATUS Submit(_In_ const JobRequest& Req);
    static ULONG    CopyHistory(_Out_writes_(Max) JobResult* Out, _In_ ULONG Max);

private:
    static VOID     Worker(_In_ PDEVICE_OBJECT DeviceObject, _In_opt_ PVOID Context);
    static VOID     Record(_In_ const JobResult& Res);

    static PIO_WORKITEM     s_Item;
    static KEVENT           s_Idle;
    static volatile LONG    s_Busy;
    static JobRequest       s_Pending;

    static KSPIN_LOCK       s_HistLock;
    static JobResult*       s_History;
    static ULONG            s_HistCount;
    static ULONG            s_Seq;
};
