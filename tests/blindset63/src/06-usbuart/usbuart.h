//
// usbuart.h - KMDF function driver for the "PicoBridge" USB<->UART dongle
//
// The dongle exposes one bulk IN / bulk OUT pair carrying raw UART bytes and
// a vendor request to set the baud rate. A control device (\\.\UsbUartCtl)
// gives the diagnostics tool global counters across all plugged dongles.
//
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>

// {39c7e5a2-84d1-4f60-a3b9-d6e02f71c845}
DEFINE_GUID(GUID_DEVINTERFACE_USBUART,
    0x39c7e5a2, 0x84d1, 0x4f60, 0xa3, 0xb9, 0xd6, 0xe0, 0x2f, 0x71, 0xc8, 0x45);

#define UART_TAG                'trAU'
#define UART_DEFAULT_BAUD       115200
#define UART_REQ_SET_BAUD       0x30
#define UART_REQ_SET_LED        0x31

#define FILE_DEVICE_USBUART     0x8F42
#define IOCTL_UARTCTL_GET_STATS CTL_CODE(FILE_DEVICE_USBUART, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)

#define UART_CTL_NT_NAME        L"\\Device\\UsbUartCtl"
#define UART_CTL_DOS_NAME       L"\\DosDevices\\UsbUartCtl"

#define DBG(fmt, ...)   KdPrint(("usbuart: " fmt "\n", __VA_ARGS__))

typedef struct _UART_STATS {
    LONG    DevicesPresent;
    LONG64  BytesIn;
    LONG64  BytesOut;
    LONG    DisplayOn;
} UART_STATS, *PUART_STATS;

typedef struct _UART_DEVICE_CONTEXT {
    WDFUSBDEVICE    UsbDevice;
    WDFUSBINTERFACE UsbInterface;
    WDFUSBPIPE      BulkIn;
    WDFUSBPIPE      BulkOut;
    ULONG           BaudRate;
} UART_DEVICE_CONTEXT, *PUART_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(UART_DEVICE_CONTEXT, UartGetContext)

class UartDriver {
public:
    static UART_STATS   s_Stats;
    static PVOID        s_PowerSettingHandle;
    static WDFDEVICE    s_ControlDevice;

    static EVT_WDF_DRIVER_DEVICE_ADD            EvtDeviceAdd;
    static EVT_WDF_DRIVER_UNLOAD                EvtDriverUnload;
    static EVT_WDF_OBJECT_CONTEXT_CLEANUP       EvtDeviceCleanup;
    static EVT_WDF_DEVICE_PREPARE_HARDWARE      EvtPrepareHardware;
    static EVT_WDF_DEVICE_D0_ENTRY              EvtD0Entry;
    static EVT_WDF_IO_QUEUE_IO_READ             EvtIoRead;
    static EVT_WDF_IO_QUEUE_IO_WRITE            EvtIoWrite;
    static EVT_WDF_IO_QUEUE_IO_STOP             EvtIoStop;
    static EVT_WDF_REQUEST_COMPLETION_ROUTINE   EvtRequestComplete;
    static POWER_SETTING_CALLBACK               DisplayStateCallback;
};

class UartControl {
public:
    static NTSTATUS Create(_In_ WDFDRIVER Driver);
    static VOID     Delete();

    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL   EvtIoDeviceControl;
};

extern "C" DRIVER_INITIALIZE DriverEntry;
