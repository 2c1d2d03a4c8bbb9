// worker.h -- a system thread that drains messages posted by user mode
#pragma once

#include <ntddk.h>

#define SW_TAG          'rkWS'
#define SW_NT_NAME      L"\\Device\\SysWorker"
#define SW_DOS_NAME     L"\\DosDevices\\SysWorker"
#define SW_MAX_MSG      240
#define SW_MAX_QUEUED   128
#define SW_IDLE_SECONDS 5

#define SW_DEVTYPE      0x8E00
#define IOCTL_SW_POST   CTL_CODE(SW_DEVTYPE, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define SWLOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "sysworker: " fmt "\n", ##__VA_ARGS__)

namespace sysw {

struct Message {
    LIST_ENTRY Link;
    ULONG      Length;
    CHAR       Text[SW_MAX_MSG + 1];
};

class Worker {
public:
    static NTSTATUS Start();
    static void     Stop();
    static NTSTATUS Post(const void* Data, ULONG Length);

private:
    static KSTART_ROUTINE ThreadMain;
    static void Drain();

    static HANDLE      s_Thread;
    static KEVENT      s_StopEvent;
    static KSEMAPHORE  s_Items;
    static KSPIN_LOCK  s_Lock;
    static LIST_ENTRY  s_Queue;
    static LONG        s_Count;
    static ULONG       s_Processed;
};

} // namespace sysw
