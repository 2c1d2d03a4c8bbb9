/*++

    kbdfilt.h

    Macro-key upper filter for the Tanager TK-61 keyboard (PS/2 and USB
    HID keyboards alike sit under kbdclass).  KMDF.  A sideband control
    device lets the configuration utility read counters and load macros.

    Copyright (c) Tanager Peripherals 2020

--*/

#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#include <ntddkbd.h>
#include <kbdmou.h>

#define KF_TAG                  'tlFK'
#define KF_CONTROL_NT_NAME      L"\\Device\\TanagerKbdCtl"
#define KF_CONTROL_DOS_NAME     L"\\DosDevices\\TanagerKbdCtl"
#define KF_MAX_MACRO_KEYS       16

#define IOCTL_KF_GET_COUNTERS \
    CTL_CODE(FILE_DEVICE_KEYBOARD, 0x840, METHOD_BUFFERED, FILE_READ_ACCESS)

#define KF_DBG_ERROR    DPFLTR_ERROR_LEVEL
#define KF_DBG_INFO     DPFLTR_INFO_LEVEL
#define KfPrint(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVINPUT_ID, (_lvl), "kbdfilt: " _fmt "\n", __VA_ARGS__)

typedef struct _KF_COUNTERS {
    ULONG   ulKeyDowns;
    ULONG   ulKeyUps;
    ULONG   ulFnTranslated;
} KF_COUNTERS, *PKF_COUNTERS;

typedef struct _KF_FILTER_EXTENSION {
    WDFDEVICE       hDevice;
    CONNECT_DATA    stUpperConnect;     // kbdclass service callback
    BOOLEAN         bConnected;
    BOOLEAN         bFnLock;
    KF_COUNTERS     stCounters;
} KF_FILTER_EXTENSION, *PKF_FILTER_EXTENSION;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(KF_FILTER_EXTENSION, KfGetFilterExtension)

typedef struct _KF_CONTROL_EXTENSION {
    ULONG   ulOpenCount;
} KF_CONTROL_EXTENSION, *PKF_CONTROL_EXTENSION;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(KF_CONTROL_EXTENSION, KfGetControlExtension)

typedef struct _KF_GLOBALS {
    WDFCOLLECTION   hFilterDevices;
    WDFWAITLOCK     hFilterLock;
    WDFDEVICE       hControlDevice;
} KF_GLOBALS;

extern KF_GLOBALS g_KfGlobals;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;

/* filter.c */
EVT_WDF_DRIVER_DEVICE_ADD                   KfEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP              KfEvtFilterCleanup;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL KfEvtIoInternalDeviceControl;
VOID KfServiceCallback(
    _In_    PDEVICE_OBJECT       pDeviceObject,
    _In_    PKEYBOARD_INPUT_DATA pInputDataStart,
    _In_    PKEYBOARD_INPUT_DATA pInputDataEnd,
    _Inout_ PULONG               pulInputDataConsumed);

/* control.c */
NTSTATUS KfCreateControlDevice(_In_ WDFDEVICE hFilterDevice);
VOID     KfDeleteControlDevice(VOID);
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KfEvtControlIoDeviceControl;
