// JobQueue.h - a single worker thread that checksums buffers handed in
// through DeviceIoControl. Mostly an excuse to play with system threads
// and lookaside lists.
#pragma once

#include <ntddk.h>

#define JQ_TAG              'QboJ'
#define JQ_MAX_PAYLOAD      512
#define JQ_RESULT_SLOTS     64
#define JQ_MAX_QUEUED       256

#define FILE_DEVICE_JOBQ    0x9a01
#define IOCTL_JQ_SUBMIT     CTL_CODE(FILE_DEVICE_JOBQ, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_JQ_RESULT     CTL_CODE(FILE_DEVICE_JOBQ, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _JQ_REQUEST {
    ULONG JobId;
    ULONG Length;
    UCHAR Data[JQ_MAX_PAYLOAD];
} JQ_REQUEST, *PJQ_REQUEST;

typedef struct _JQ_RESULT {
    ULONG JobId;
    ULONG Crc32;
    ULONG Done;
} JQ_RESULT, *PJQ_RESULT;

namespace jq {

struct Job {
    LIST_ENTRY Link;
    JQ_REQUEST Req;
};

class JobQueue {
public:
    static NTSTATUS Start();
    static void     Stop();

    static NTSTATUS Submit(_In_ const JQ_REQUEST* req);
    static bool     GetResult(_In_ ULONG jobId, _Out_ JQ_RESULT* out);

private:
    static KSTART_ROUTINE Worker;
    static Job*  Dequeue();
    static void  Process(Job* job);
    static void  FreePending();
    static ULONG Crc32(const UCHAR* p, ULONG len);

    static LIST_ENTRY            s_Queue;
    static KSPIN_LOCK            s_Lock;
    static LONG                  s_Queued;
    static KEVENT                s_WorkEvent;
    static KEVENT                s_StopEvent;
    static NPAGED_LOOKASIDE_LIST s_Lookaside;
    static PKTHREAD              s_Thread;
    static JQ_RESULT             s_Results[JQ_RESULT_SLOTS];
};

} // namespace jq
