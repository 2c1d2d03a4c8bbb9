/*
 * ctlpipe - a tiny in-kernel byte pipe exposed through a KMDF control device.
 *
 * Writers push bytes into a ring, readers pull them out. No PnP, no hardware,
 * just a sandbox for playing with WDF queues and control devices.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define CTLPIPE_TAG             'pltC'
#define CTLPIPE_RING_SIZE       (16 * 1024)

#define CTLPIPE_NT_NAME         L"\\Device\\CtlPipe"
#define CTLPIPE_DOS_NAME        L"\\DosDevices\\CtlPipe"

#define IOCTL_CTLPIPE_RESET     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CTLPIPE_STATS     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)

#if DBG
#define LOG(fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "[ctlpipe] " fmt "\n", __VA_ARGS__)
#else
#define LOG(fmt, ...)
#endif
#define LOGERR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[ctlpipe] !! " fmt "\n", __VA_ARGS__)

typedef struct _CTLPIPE_STATS {
    ULONG64 BytesIn;
    ULONG64 BytesOut;
    ULONG   Opens;
    ULONG   Overruns;
} CTLPIPE_STATS, *PCTLPIPE_STATS;

typedef struct _CTLPIPE_CONTEXT {
    WDFSPINLOCK   RingLock;
    WDFMEMORY     RingMemory;
    PUCHAR        Ring;
    ULONG         Head;         /* next byte to read  */
    ULONG         Tail;         /* next byte to write */
    ULONG         Used;
    CTLPIPE_STATS Stats;
} CTLPIPE_CONTEXT, *PCTLPIPE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CTLPIPE_CONTEXT, CtlPipeGetContext)

extern WDFDEVICE g_ControlDevice;

DRIVER_INITIALIZE                   DriverEntry;
EVT_WDF_DRIVER_UNLOAD               CtlPipeEvtDriverUnload;
EVT_WDF_DEVICE_FILE_CREATE          CtlPipeEvtFileCreate;
EVT_WDF_FILE_CLOSE                  CtlPipeEvtFileClose;
EVT_WDF_OBJECT_CONTEXT_CLEANUP      CtlPipeEvtDeviceCleanup;
EVT_WDF_IO_QUEUE_IO_READ            CtlPipeEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE           CtlPipeEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL  CtlPipeEvtIoDeviceControl;

NTSTATUS CtlPipeCreateControlDevice(_In_ WDFDRIVER Driver);
NTSTATUS CtlPipeQueueInitialize(_In_ WDFDEVICE Device);
