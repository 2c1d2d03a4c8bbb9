// imglog.h
#pragma once

#include "bootlog.h"

class ImageLog {
public:
    static NTSTATUS Init(_In_ PDEVICE_OBJECT Device, _In_ const BL_CONFIG* Config);
    static void     Cleanup();

    static void OnImageLoad(
        _In_opt_ PUNICODE_STRING FullImageName,
        _In_ HANDLE ProcessId,
        _In_ PIMAGE_INFO ImageInfo);

    // writes whatever is buffered; PASSIVE_LEVEL only
    static NTSTATUS Flush();
    static void     WaitIdle();

private:
    static IO_WORKITEM_ROUTINE FlushWorker;
    static void Append(_In_reads_(Len) const char* Text, _In_ size_t Len);

    static const BL_CONFIG* s_Cfg;
    static PIO_WORKITEM     s_WorkItem;
    static volatile LONG    s_FlushQueued;
    static KEVENT           s_Idle;
    static FAST_MUTEX       s_BufLock;
    static KMUTEX           s_FileLock;
    static char*            s_Buf;
    static char*            s_FlushBuf;
    static size_t           s_Used;
    static ULONG            s_Lost;
};
