/*
 * Driver.h - ProcMonLite (KMDF, C++)
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#include "Public.h"
#include "Trace.h"

#define PM_TAG          'LnoM'
#define PM_MAX_EVENTS   4096
#define PM_NT_NAME      L"\\Device\\ProcMonLite"
#define PM_DOS_NAME     L"\\DosDevices\\ProcMonLite"

namespace pm {

struct EventNode {
    LIST_ENTRY Link;
    PM_EVENT   Event;
};

//
// Bounded FIFO of events. Callbacks push, the IOCTL pops.
// All static: there is exactly one of these per driver.
//
class EventBuffer {
public:
    static NTSTATUS Initialize(ULONG maxEvents);
    static void     Destroy();
    static void     Push(const PM_EVENT& ev);
    static ULONG    Pop(PM_EVENT* out, ULONG maxCount);

private:
    static LOOKASIDE_LIST_EX s_Lookaside;
    static LIST_ENTRY        s_Head;
    static KSPIN_LOCK        s_Lock;
    static ULONG             s_Count;
    static ULONG             s_Max;
    static ULONG             s_Dropped;
};

void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
void OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);

} // namespace pm

extern "C" DRIVER_INITIALIZE DriverEntry;

EVT_WDF_DRIVER_UNLOAD              PmEvtDriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP     PmEvtDriverContextCleanup;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL PmEvtIoDeviceControl;

NTSTATUS PmCreateControlDevice(_In_ WDFDRIVER Driver);
