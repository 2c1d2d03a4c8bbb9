//
// Driver.h - NetProbe: non-PnP KMDF driver exposing \\.\NetProbe that runs
// kernel-side TCP reachability probes over Winsock Kernel for the agent.
//
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#include "Trace.h"
#include "WskClient.h"

#define NP_POOL_TAG             'borP'
#define NP_NT_DEVICE_NAME       L"\\Device\\NetProbe"
#define NP_DOS_DEVICE_NAME      L"\\DosDevices\\NetProbe"

#define NP_MIN_TIMEOUT_MS       100
#define NP_MAX_TIMEOUT_MS       30000

#define FILE_DEVICE_NETPROBE    0x8F00
#define IOCTL_NETPROBE_TCP_CONNECT \
    CTL_CODE(FILE_DEVICE_NETPROBE, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)

#include <pshpack4.h>
typedef struct _NP_PROBE_REQUEST {
    ULONG   Ipv4Address;        // network byte order
    USHORT  Port;               // network byte order
    USHORT  Reserved;
    ULONG   TimeoutMs;
} NP_PROBE_REQUEST, *PNP_PROBE_REQUEST;

typedef struct _NP_PROBE_RESULT {
    LONG    Status;             // NTSTATUS of the connect
    ULONG   ElapsedMs;
} NP_PROBE_RESULT, *PNP_PROBE_RESULT;

#include <poppack.h>

// Placement new: WDF context memory is zeroed but never constructed.
inline void* __cdecl operator new(size_t, void* where) noexcept { return where; }
inline void __cdecl operator delete(void*, void*) noexcept {}

typedef struct _NP_DRIVER_CONTEXT {
    np::WskClient   Wsk;
    bool            WskConstructed;
    WDFDEVICE       ControlDevice;
    volatile LONG   Probes;
    volatile LONG   Succeeded;
    volatile LONG   Failed;
} NP_DRIVER_CONTEXT, *PNP_DRIVER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(NP_DRIVER_CONTEXT, NpGetDriverContext)

EXTERN_C_START

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD NpEvtDriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP NpEvtDriverContextCleanup;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL NpEvtIoDeviceControl;

EXTERN_C_END

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS NpCreateControlDevice(_In_ WDFDRIVER Driver, _Out_ WDFDEVICE* ControlDevice);
