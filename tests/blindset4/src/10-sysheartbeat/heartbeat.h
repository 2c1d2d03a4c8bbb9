/*
 * heartbeat.h - SysHeartbeat, a legacy driver that samples system health
 * once a second, pauses across sleep transitions, writes samples to ETW
 * and adds the last samples to crash dumps.
 */
#pragma once

#include <ntddk.h>
#include <evntprov.h>
#include <ntstrsafe.h>

#define HB_TAG              'tBeH'
#define HB_DEVICE_NAME      L"\\Device\\SysHeartbeat"
#define HB_LINK_NAME        L"\\DosDevices\\SysHeartbeat"
#define HB_RING_SIZE        64
#define HB_PERIOD_MS        1000

#define IOCTL_HB_GET_LAST   CTL_CODE(FILE_DEVICE_UNKNOWN, 0xC00, METHOD_BUFFERED, FILE_READ_ACCESS)

/* {9a4f0d6e-2b71-4c3a-a9e2-6f8d3b51c0a4} */
DEFINE_GUID(HB_PROVIDER_GUID,
    0x9a4f0d6e, 0x2b71, 0x4c3a, 0xa9, 0xe2, 0x6f, 0x8d, 0x3b, 0x51, 0xc0, 0xa4);
/* {9a4f0d6e-2b71-4c3a-a9e2-6f8d3b51c0a5} */
DEFINE_GUID(HB_DUMP_GUID,
    0x9a4f0d6e, 0x2b71, 0x4c3a, 0xa9, 0xe2, 0x6f, 0x8d, 0x3b, 0x51, 0xc0, 0xa5);

typedef struct _HB_SAMPLE {
    LARGE_INTEGER   Time;
    ULONGLONG       InterruptTime;
    ULONG           Sequence;
    ULONG           Flags;
} HB_SAMPLE, *PHB_SAMPLE;

#define HB_SAMPLE_FLAG_AFTER_RESUME 0x1

/*
 * Shared state, reference counted: the driver holds one reference, the
 * worker thread one, the power callback one. The last release frees it.
 */
typedef struct _HB_STATE {
    volatile LONG   RefCount;
    KEVENT          StopEvent;
    KEVENT          ResumeEvent;        /* signaled while the system is running */
    KSPIN_LOCK      RingLock;
    ULONG           Next;
    ULONG           Sequence;
    BOOLEAN         Resumed;
    HB_SAMPLE       Ring[HB_RING_SIZE];
} HB_STATE, *PHB_STATE;

typedef struct _HB_GLOBALS {
    PHB_STATE                           State;
    REGHANDLE                           EtwHandle;          /* 0 when ETW is off */
    PDEVICE_OBJECT                      Device;
    UNICODE_STRING                      LinkName;
    BOOLEAN                             LinkCreated;
    PCALLBACK_OBJECT                    PowerCallbackObject;
    PVOID                               PowerCallbackHandle;
    PKTHREAD                            WorkerThread;
    KBUGCHECK_REASON_CALLBACK_RECORD    BugCheckRecord;
    BOOLEAN                             BugCheckRegistered;
} HB_GLOBALS, *PHB_GLOBALS;

extern HB_GLOBALS g_Hb;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HbUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH HbDispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH HbDispatchDeviceControl;

/* state.c */
NTSTATUS HbStateCreate(_Outptr_ PHB_STATE *State);
VOID HbStateReference(_In_ PHB_STATE State);
VOID HbStateDereference(_In_ PHB_STATE State);
VOID HbStateAddSample(_In_ PHB_STATE State, _Out_ PHB_SAMPLE Copy);
BOOLEAN HbStateGetLast(_In_ PHB_STATE State, _Out_ PHB_SAMPLE Sample);

/* worker.c */
NTSTATUS HbStartWorker(_In_ PHB_STATE State);
VOID HbStopWorker(VOID);

/* power.c */
NTSTATUS HbRegisterPowerCallback(_In_ PHB_STATE State);
VOID HbUnregisterPowerCallback(VOID);
BOOLEAN HbRegisterBugCheckCallback(VOID);
VOID HbDeregisterBugCheckCallback(VOID);
