#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#include "trace.h"

EXTERN_C_START

#define KMEM_NT_NAME        L"\\Device\\KmdfMem"
#define KMEM_DOS_NAME       L"\\DosDevices\\KmdfMem"
#define KMEM_TAG            'mMdK'
#define KMEM_MAX_XFER       (1024 * 1024)

#define IOCTL_KMEM_READ     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x700, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KMEM_WRITE    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x701, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_KMEM_VERSION  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x7FF, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define KMEM_VERSION        0x00010003

typedef struct _KMEM_COPY {
    ULONG64 Pid;
    ULONG64 Remote;         // address in the target
    ULONG64 Local;          // address in the caller
    ULONG64 Size;
} KMEM_COPY, *PKMEM_COPY;

typedef struct _CONTROL_DEVICE_CONTEXT {
    ULONG   Reads;
    ULONG   Writes;
} CONTROL_DEVICE_CONTEXT, *PCONTROL_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CONTROL_DEVICE_CONTEXT, ControlGetContext)

NTKERNELAPI
NTSTATUS
NTAPI
MmCopyVirtualMemory(
    _In_ PEPROCESS FromProcess,
    _In_ PVOID FromAddress,
    _In_ PEPROCESS ToProcess,
    _Out_ PVOID ToAddress,
    _In_ SIZE_T BufferSize,
    _In_ KPROCESSOR_MODE PreviousMode,
    _Out_ PSIZE_T NumberOfBytesCopied
    );

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD KmemEvtDriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP KmemEvtDriverContextCleanup;

NTSTATUS KmemCreateControlDevice(_In_ WDFDRIVER Driver);
NTSTATUS KmemQueueInitialize(_In_ WDFDEVICE Device);

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KmemEvtIoDeviceControl;

EXTERN_C_END
