/*++

Module Name:

    ledpanel.h

Abstract:

    KMDF function driver for the LP-16 USB-less LED matrix panel (memory
    mapped, sits behind a PCI bridge on the maker board).

--*/

#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

#include "trace.h"

// {0f7d1a3e-2c44-4b5e-8e61-5a9b1d7c3e20}
DEFINE_GUID(GUID_DEVINTERFACE_LEDPANEL,
    0x0f7d1a3e, 0x2c44, 0x4b5e, 0x8e, 0x61, 0x5a, 0x9b, 0x1d, 0x7c, 0x3e, 0x20);

#define LED_TAG                 'deLP'
#define LED_ROWS                16
#define LED_REG_CONTROL         0x00
#define LED_REG_ROW_BASE        0x10
#define LED_CONTROL_ENABLE      0x01
#define LED_REG_SPACE_SIZE      0x100

#define IOCTL_LEDPANEL_SET_ROWS   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_LEDPANEL_CLEAR      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_WRITE_ACCESS)

namespace led {

struct DeviceContext {
    WDFDEVICE       Device;
    WDFQUEUE        DefaultQueue;
    PUCHAR          Registers;          // mapped in PrepareHardware
    SIZE_T          RegisterLength;
    USHORT          Rows[LED_ROWS];
};

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DeviceContext, GetDeviceContext)

class Panel {
public:
    static EVT_WDF_DRIVER_DEVICE_ADD            EvtDeviceAdd;
    static EVT_WDF_DEVICE_PREPARE_HARDWARE      EvtPrepareHardware;
    static EVT_WDF_DEVICE_RELEASE_HARDWARE      EvtReleaseHardware;
    static EVT_WDF_DEVICE_D0_ENTRY              EvtD0Entry;
    static EVT_WDF_DEVICE_D0_EXIT               EvtD0Exit;

    static VOID WriteRows(_In_ DeviceContext *Ctx);
};

class Queue {
public:
    static NTSTATUS Initialize(_In_ WDFDEVICE Device, _Out_ WDFQUEUE *Queue);
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL   EvtIoDeviceControl;
};

} // namespace led
