/*
 * kmdfctl.h
 *
 * Non-PnP KMDF driver exposing one control device (\\.\KmdfCtl) that
 * user mode can use to push "events" which we forward to our own ETW
 * provider. Mostly a playground for WdfControlDeviceInitAllocate.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <evntrace.h>

#define KC_DEVICE_NAME  L"\\Device\\KmdfCtl"
#define KC_LINK_NAME    L"\\DosDevices\\KmdfCtl"
#define KC_POOL_TAG     'ltCK'

#define IOCTL_KC_PING        CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_KC_EMIT_EVENT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_KC_GET_COUNTS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_READ_ACCESS)

#define KC_TRACE(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "KmdfCtl: " fmt "\n", ##__VA_ARGS__)

/* {6B1D0C4E-2F55-4B7A-9E0C-3D41A5C2E917} */
DEFINE_GUID(KC_PROVIDER_GUID,
    0x6b1d0c4e, 0x2f55, 0x4b7a, 0x9e, 0x0c, 0x3d, 0x41, 0xa5, 0xc2, 0xe9, 0x17);

typedef struct _KC_COUNTS {
    ULONG Pings;
    ULONG Events;
    ULONG Opens;
} KC_COUNTS, *PKC_COUNTS;

typedef struct _KC_DEVICE_CONTEXT {
    KC_COUNTS Counts;
    WDFQUEUE  Queue;
} KC_DEVICE_CONTEXT, *PKC_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(KC_DEVICE_CONTEXT, KcGetContext)

typedef struct _KC_GLOBALS {
    WDFDEVICE ControlDevice;
    REGHANDLE EtwHandle;
    BOOLEAN   EtwEnabled;
    UCHAR     EtwLevel;
} KC_GLOBALS;

extern KC_GLOBALS g_Kc;

/* control.c */
NTSTATUS KcCreateControlDevice(_In_ WDFDRIVER Driver);

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KcEvtIoDeviceControl;
EVT_WDF_DEVICE_FILE_CREATE         KcEvtFileCreate;
EVT_WDF_FILE_CLOSE                 KcEvtFileClose;

/* driver.c */
VOID KcEmit(_In_ ULONG Code, _In_ ULONG Value);
