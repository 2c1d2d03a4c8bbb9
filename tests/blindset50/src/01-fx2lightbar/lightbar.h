/*
 * lightbar.h - shared definitions for the OSR FX2 light bar driver.
 *
 * Started from the fx2 learning kit, trimmed down to the bar graph and
 * the seven segment display only.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
#include <initguid.h>

#include "trace.h"

#define LB_POOL_TAG                 'rBgL'

// vendor commands understood by the FX2 firmware
#define LB_VCMD_READ_BARGRAPH       0xD7
#define LB_VCMD_SET_BARGRAPH        0xD8
#define LB_VCMD_READ_7SEG           0xD4
#define LB_VCMD_SET_7SEG            0xDB

#define LB_DEFAULT_PATTERN          0x55

// {3C7A2E5B-9D14-4B8E-A0F6-25E7C1D94B80}
DEFINE_GUID(GUID_DEVINTERFACE_LIGHTBAR,
    0x3c7a2e5b, 0x9d14, 0x4b8e, 0xa0, 0xf6, 0x25, 0xe7, 0xc1, 0xd9, 0x4b, 0x80);

#define IOCTL_LIGHTBAR_GET_BAR   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_LIGHTBAR_SET_BAR   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_LIGHTBAR_SET_7SEG  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x803, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef union _BAR_STATE {
    UCHAR Raw;
    struct {
        UCHAR Led0 : 1;
        UCHAR Led1 : 1;
        UCHAR Led2 : 1;
        UCHAR Led3 : 1;
        UCHAR Led4 : 1;
        UCHAR Led5 : 1;
        UCHAR Led6 : 1;
        UCHAR Led7 : 1;
    } Bits;
} BAR_STATE;

typedef struct _DEVICE_CONTEXT {
    WDFDEVICE               Device;
    WDFUSBDEVICE            UsbDevice;
    WDFUSBINTERFACE         UsbInterface;
    WDFWAITLOCK             StateLock;
    BAR_STATE               SavedBar;
    UCHAR                   Saved7Seg;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, LbGetDeviceContext)

typedef struct _LB_GLOBALS {
    ULONG   DefaultPattern;
    BOOLEAN BlankOnExit;
} LB_GLOBALS;

extern LB_GLOBALS LbGlobals;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD LbEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP LbEvtDriverContextCleanup;
EVT_WDF_DEVICE_PREPARE_HARDWARE LbEvtDevicePrepareHardware;
EVT_WDF_DEVICE_D0_ENTRY LbEvtDeviceD0Entry;
EVT_WDF_DEVICE_D0_EXIT LbEvtDeviceD0Exit;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL LbEvtIoDeviceControl;

NTSTATUS
LbSendVendorCommand(
    _In_ PDEVICE_CONTEXT Ctx,
    _In_ UCHAR Request,
    _In_ BOOLEAN ToDevice,
    _Inout_ PUCHAR Value
    );
