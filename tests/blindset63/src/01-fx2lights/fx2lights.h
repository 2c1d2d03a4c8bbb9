/*
 * fx2lights.h - shared definitions for the FX2 learning-kit light bar driver
 *
 * Board: Cypress EZ-USB FX2 dev board flashed with the OSR-style firmware,
 *        8 switches on the interrupt endpoint, 10-segment bar graph
 *        driven by a vendor control request.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
#include <initguid.h>

#include "trace.h"

// {4b2c9f61-0f37-4d8b-a6e2-93f1c05d7e48}
DEFINE_GUID(GUID_DEVINTERFACE_FX2LIGHTS,
    0x4b2c9f61, 0x0f37, 0x4d8b, 0xa6, 0xe2, 0x93, 0xf1, 0xc0, 0x5d, 0x7e, 0x48);

#define FX2_POOL_TAG                'LxF2'

//
// Vendor commands understood by the firmware
//
#define FX2_CMD_SET_BAR_GRAPH       0xD8

#define FX2_SWITCH_PACKET_SIZE      sizeof(UCHAR)

//
// IOCTLs for the little tray app
//
#define FILE_DEVICE_FX2LIGHTS       0x8F20
#define IOCTL_FX2_SET_BARGRAPH      CTL_CODE(FILE_DEVICE_FX2LIGHTS, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_FX2_WAIT_SWITCHES     CTL_CODE(FILE_DEVICE_FX2LIGHTS, 0x804, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _DEVICE_CONTEXT {
    WDFUSBDEVICE        UsbDevice;
    WDFUSBINTERFACE     UsbInterface;
    WDFUSBPIPE          InterruptPipe;
    WDFQUEUE            SwitchWaitQueue;
    UCHAR               SwitchState;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, GetDeviceContext)

DRIVER_INITIALIZE                       DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD               Fx2EvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP          Fx2EvtDriverContextCleanup;
EVT_WDF_DEVICE_PREPARE_HARDWARE         Fx2EvtDevicePrepareHardware;
EVT_WDF_DEVICE_D0_ENTRY                 Fx2EvtDeviceD0Entry;
EVT_WDF_DEVICE_D0_EXIT                  Fx2EvtDeviceD0Exit;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL      Fx2EvtIoDeviceControl;
EVT_WDF_USB_READER_COMPLETION_ROUTINE   Fx2EvtInterruptReadComplete;

NTSTATUS
Fx2SendVendorCommand(
    _In_ PDEVICE_CONTEXT Ctx,
    _In_ BOOLEAN ToDevice,
    _In_ UCHAR Command,
    _Inout_updates_bytes_(Length) PVOID Buffer,
    _In_ ULONG Length
    );
