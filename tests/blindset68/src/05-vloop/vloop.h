#ifndef _VLOOP_H_
#define _VLOOP_H_

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

/* {4B0E9C17-2A6D-4F83-B5E1-0C7D9A3F6E21} */
DEFINE_GUID(GUID_DEVINTERFACE_VLOOP,
    0x4b0e9c17, 0x2a6d, 0x4f83, 0xb5, 0xe1, 0x0c, 0x7d, 0x9a, 0x3f, 0x6e, 0x21);

#define VLOOP_TAG               'pooL'
#define VLOOP_DEFAULT_RING      4096
#define VLOOP_MAX_RING          (64 * 1024)

#define DBG_PRINT(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "vloop!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

/* one ring shared by every instance: what port A writes, port B reads */
typedef struct _VLOOP_RING {
    KSPIN_LOCK  Lock;
    ULONG       Size;
    ULONG       Head;
    ULONG       Tail;
    ULONG       Used;
    UCHAR       Data[1];
} VLOOP_RING, *PVLOOP_RING;

typedef struct _VLOOP_GLOBALS {
    UNICODE_STRING  RegistryPath;
    PVLOOP_RING     Ring;
    LONG            Instances;
    ULONG64         BytesMoved;
} VLOOP_GLOBALS;

extern VLOOP_GLOBALS Globals;

typedef struct _VLOOP_DEVICE {
    WDFDEVICE   Device;
    WDFQUEUE    ReadQueue;
    ULONG       PortIndex;
    ULONG       ReadTimeoutMs;
} VLOOP_DEVICE, *PVLOOP_DEVICE;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VLOOP_DEVICE, VLoopGetDevice)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD VLoopEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD VLoopEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_READ VLoopEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE VLoopEvtIoWrite;

NTSTATUS VLoopQueueInitialize(_In_ WDFDEVICE Device);
ULONG VLoopRingPut(_In_ PVLOOP_RING Ring, _In_reads_bytes_(Len) const UCHAR *Buf, _In_ ULONG Len);
ULONG VLoopRingGet(_In_ PVLOOP_RING Ring, _Out_writes_bytes_(Len) UCHAR *Buf, _In_ ULONG Len);

#endif
