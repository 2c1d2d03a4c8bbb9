/*++
Module Name:
    ucr.h

Abstract:
    Shared definitions for the USB sensor continuous-reader function driver.

Environment:
    Kernel mode, KMDF 1.15+
--*/
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
#include <ntstrsafe.h>

#define UCR_POOL_TAG            'rcUS'
#define UCR_DEFAULT_XFER_SIZE   64
#define UCR_MAX_XFER_SIZE       1024
#define UCR_MAX_PENDING_SAMPLES 32

//
// Tracing. The retail build compiles ERROR level only.
//
#if DBG
#define UCR_LEVEL_MAX DPFLTR_INFO_LEVEL
#else
#define UCR_LEVEL_MAX DPFLTR_ERROR_LEVEL
#endif

#define UCR_TRACE(_lvl, _fmt, ...)                                          \
    do {                                                                    \
        if ((_lvl) <= UCR_LEVEL_MAX) {                                      \
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, (_lvl), "usbcr!%s: " _fmt "\n", \
                       __FUNCTION__, __VA_ARGS__);                          \
        }                                                                   \
    } while (0)

#define UCR_ERR(_fmt, ...)  UCR_TRACE(DPFLTR_ERROR_LEVEL, _fmt, __VA_ARGS__)
#define UCR_INFO(_fmt, ...) UCR_TRACE(DPFLTR_INFO_LEVEL, _fmt, __VA_ARGS__)

//
// Error handling helpers.
//
#define IF_FAILED_GOTO(_st, _label)                                         \
    do {                                                                    \
        if (!NT_SUCCESS(_st)) {                                             \
            UCR_ERR("line %d failed 0x%08X", __LINE__, (_st));              \
            goto _label;                                                    \
        }                                                                   \
    } while (0)

#define RETURN_IF_NT_FAILED(_expr)                                          \
    do {                                                                    \
        NTSTATUS __st = (_expr);                                            \
        if (!NT_SUCCESS(__st)) {                                            \
            UCR_ERR("%s failed 0x%08X", #_expr, __st);                      \
            return __st;                                                    \
        }                                                                   \
    } while (0)

//
// IOCTL interface exported to the sensor service.
//
#define FILE_DEVICE_UCR             0x8A31
#define IOCTL_UCR_GET_SAMPLE        CTL_CODE(FILE_DEVICE_UCR, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_UCR_GET_STATS         CTL_CODE(FILE_DEVICE_UCR, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)

#ifdef UCR_DEFINE_GUIDS
#include <initguid.h>
#endif

// {6E4C1F0A-9A61-4D0B-8A0E-3C92D0B5A611}
DEFINE_GUID(GUID_DEVINTERFACE_UCR,
    0x6e4c1f0a, 0x9a61, 0x4d0b, 0x8a, 0x0e, 0x3c, 0x92, 0xd0, 0xb5, 0xa6, 0x11);

typedef struct _UCR_STATS {
    ULONG64 SamplesReceived;
    ULONG64 SamplesDropped;
    ULONG   ReaderFailures;
    ULONG   Reserved;
} UCR_STATS, *PUCR_STATS;

//
// Driver-wide parameters, read once in DriverEntry.
//
typedef struct _UCR_PARAMETERS {
    ULONG TransferSize;
    ULONG NumPendingReads;
    ULONG SelectiveSuspend;
} UCR_PARAMETERS, *PUCR_PARAMETERS;

typedef struct _UCR_DRIVER_GLOBALS {
    UCR_PARAMETERS  Params;
    UNICODE_STRING  ServiceKeyName;     // private copy, pool-backed
    BOOLEAN         ServiceKeyNameAllocated;
} UCR_DRIVER_GLOBALS, *PUCR_DRIVER_GLOBALS;

extern UCR_DRIVER_GLOBALS g_UcrGlobals;

typedef struct _DEVICE_CONTEXT {
    WDFDEVICE               Device;
    WDFUSBDEVICE            UsbDevice;
    WDFUSBINTERFACE         UsbInterface;
    WDFUSBPIPE              InterruptPipe;
    WDFQUEUE                DefaultQueue;
    WDFQUEUE                PendingSampleQueue;
    WDFSPINLOCK             StatsLock;
    UCR_STATS               Stats;
    ULONG                   MaxPacketSize;
    BOOLEAN                 ReaderConfigured;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, UcrGetDeviceContext)

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_OBJECT_CONTEXT_CLEANUP UcrEvtDriverContextCleanup;

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
UcrReadParameters(
    _In_ PCUNICODE_STRING RegistryPath,
    _Out_ PUCR_PARAMETERS Params
    );

//
// device.c
//
EVT_WDF_DRIVER_DEVICE_ADD UcrEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE UcrEvtPrepareHardware;
EVT_WDF_DEVICE_D0_ENTRY UcrEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT UcrEvtD0Exit;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL UcrEvtIoDeviceControl;

//
// usb.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
UcrConfigureUsbDevice(
    _In_ PDEVICE_CONTEXT Ctx
    );

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
UcrCompletePendingSample(
    _In_ PDEVICE_CONTEXT Ctx,
    _In_reads_bytes_(Length) PVOID Data,
    _In_ size_t Length
    );

EVT_WDF_USB_READER_COMPLETION_ROUTINE UcrEvtUsbInterruptPipeReadComplete;
EVT_WDF_USB_READERS_FAILED UcrEvtUsbInterruptReadersFailed;
