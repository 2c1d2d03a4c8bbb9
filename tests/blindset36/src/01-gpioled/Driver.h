/*
 * Driver.h - shared declarations for the gpioled KMDF function driver.
 *
 * The board exposes a tiny register window (LED control + button status)
 * and a level-triggered interrupt that fires when the user button changes.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>

#include "Trace.h"

#define GPIOLED_POOL_TAG        'dLpG'

/* register offsets inside the BAR */
#define LED_REG_CTRL            0x00
#define LED_REG_STATUS          0x04
#define LED_REG_INTMASK         0x08
#define LED_REG_INTACK          0x0C
#define LED_REG_WINDOW_MIN      0x10

#define LED_STATUS_BUTTON       0x00000001
#define LED_INTMASK_BUTTON      0x00000001

#define IOCTL_GPIOLED_SET_LEDS      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_GPIOLED_GET_LEDS      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_GPIOLED_WAIT_BUTTON   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x803, METHOD_BUFFERED, FILE_READ_ACCESS)

// {3F0B8E71-52C4-4D2A-A9E6-71D04B58C2F9}
DEFINE_GUID(GUID_DEVINTERFACE_GPIOLED,
    0x3f0b8e71, 0x52c4, 0x4d2a, 0xa9, 0xe6, 0x71, 0xd0, 0x4b, 0x58, 0xc2, 0xf9);

typedef struct _DEVICE_CONTEXT {
    WDFDEVICE       Device;
    PUCHAR          RegBase;        /* mapped in PrepareHardware */
    SIZE_T          RegLength;
    WDFINTERRUPT    Interrupt;
    WDFQUEUE        DefaultQueue;
    WDFQUEUE        ButtonQueue;    /* manual, parked WAIT_BUTTON requests */
    ULONG           LedShadow;
    ULONG           LatchedStatus;  /* written by the ISR, read by the DPC */
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)

#define READ_LED_REG(ctx, off)      READ_REGISTER_ULONG((PULONG)((ctx)->RegBase + (off)))
#define WRITE_LED_REG(ctx, off, v)  WRITE_REGISTER_ULONG((PULONG)((ctx)->RegBase + (off)), (v))

/* Driver.c */
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_OBJECT_CONTEXT_CLEANUP GpioLedEvtDriverContextCleanup;

/* Device.c */
EVT_WDF_DRIVER_DEVICE_ADD GpioLedEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE GpioLedEvtPrepareHardware;
EVT_WDF_DEVICE_RELEASE_HARDWARE GpioLedEvtReleaseHardware;
EVT_WDF_INTERRUPT_ISR GpioLedEvtInterruptIsr;
EVT_WDF_INTERRUPT_DPC GpioLedEvtInterruptDpc;
EVT_WDF_INTERRUPT_ENABLE GpioLedEvtInterruptEnable;
EVT_WDF_INTERRUPT_DISABLE GpioLedEvtInterruptDisable;

/* Queue.c */
NTSTATUS GpioLedQueueInitialize(_In_ WDFDEVICE Device);
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL GpioLedEvtIoDeviceControl;
