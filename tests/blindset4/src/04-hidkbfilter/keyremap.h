/*
 * keyremap.h - KeyRemap keyboard upper filter (KMDF).
 *
 * Sits above kbdhid/i8042prt, hooks the class service callback and
 * rewrites scan codes according to a table kept in the registry
 * (Parameters\RemapTable, REG_MULTI_SZ of "from=to" hex pairs).
 * A control device (\\.\KeyRemap) lets the tray tool reload the table.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <ntddkbd.h>
#include <kbdmou.h>
#include <ntstrsafe.h>
#include "trace.h"

#define KR_TAG              'pmRK'
#define KR_MAX_REMAPS       64
#define KR_CONTROL_NAME     L"\\Device\\KeyRemapCtl"
#define KR_CONTROL_LINK     L"\\DosDevices\\KeyRemap"

#define IOCTL_KR_RELOAD     CTL_CODE(FILE_DEVICE_KEYBOARD, 0x820, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_KR_GET_COUNT  CTL_CODE(FILE_DEVICE_KEYBOARD, 0x821, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _KR_REMAP {
    USHORT From;
    USHORT To;
} KR_REMAP;

typedef struct _KR_DRIVER_CONTEXT {
    WDFWAITLOCK     DeviceListLock;     /* guards FilterDevices and ControlDevice */
    WDFCOLLECTION   FilterDevices;
    WDFDEVICE       ControlDevice;
    WDFSPINLOCK     RemapLock;
    ULONG           RemapCount;
    KR_REMAP        Remaps[KR_MAX_REMAPS];
} KR_DRIVER_CONTEXT, *PKR_DRIVER_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(KR_DRIVER_CONTEXT, KrGetDriverContext)

typedef struct _KR_DEVICE_CONTEXT {
    WDFDEVICE       Device;
    CONNECT_DATA    UpperConnectData;
    ULONG           KeysRemapped;
} KR_DEVICE_CONTEXT, *PKR_DEVICE_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(KR_DEVICE_CONTEXT, KrGetDeviceContext)

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_OBJECT_CONTEXT_CLEANUP KrEvtDriverContextCleanup;

/* device.c */
EVT_WDF_DRIVER_DEVICE_ADD KrEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP KrEvtFilterDeviceCleanup;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL KrEvtInternalDeviceControl;

/* control.c */
NTSTATUS KrCreateControlDevice(_In_ WDFDRIVER Driver);
VOID KrDeleteControlDevice(_In_ WDFDRIVER Driver);

/* keymap.c */
NTSTATUS KrLoadRemapTable(_In_ WDFDRIVER Driver);
VOID KrServiceCallback(_In_ PDEVICE_OBJECT DeviceObject,
                       _In_ PKEYBOARD_INPUT_DATA InputDataStart,
                       _In_ PKEYBOARD_INPUT_DATA InputDataEnd,
                       _Inout_ PULONG InputDataConsumed);
