/*
 * ledbar.h - KMDF function driver for the "LedBar" USB-to-LED gadget,
 *            currently driven as a root-enumerated software device while
 *            the firmware side is being written.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

#define LED_POOL_TAG            'BdeL'
#define LED_DEFAULT_BRIGHTNESS  128
#define LED_DEFAULT_BLINK_MS    500
#define LED_MIN_BLINK_MS        50
#define LED_SEGMENTS            8

/* {6E1F4C8A-3B7D-4D51-9A0B-2C6E5F1D8A42} */
DEFINE_GUID(GUID_DEVINTERFACE_LEDBAR,
    0x6e1f4c8a, 0x3b7d, 0x4d51, 0x9a, 0x0b, 0x2c, 0x6e, 0x5f, 0x1d, 0x8a, 0x42);

#define LED_IOCTL_TYPE          0x9a11
#define IOCTL_LEDBAR_SET_PATTERN    CTL_CODE(LED_IOCTL_TYPE, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_LEDBAR_GET_STATE      CTL_CODE(LED_IOCTL_TYPE, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _LED_DEFAULTS {
    ULONG Brightness;
    ULONG BlinkPeriodMs;
    ULONG StartPattern;
} LED_DEFAULTS, *PLED_DEFAULTS;

typedef struct _LED_PATTERN_REQUEST {
    UCHAR Pattern;
    UCHAR Brightness;
    USHORT BlinkPeriodMs;
} LED_PATTERN_REQUEST, *PLED_PATTERN_REQUEST;

typedef struct _LED_STATE {
    UCHAR Pattern;
    UCHAR Brightness;
    UCHAR Lit;
    UCHAR Reserved;
    ULONG Ticks;
} LED_STATE, *PLED_STATE;

typedef struct _LED_DEVICE_CONTEXT {
    WDFTIMER   BlinkTimer;
    WDFSPINLOCK StateLock;
    LED_STATE  State;
    ULONG      BlinkPeriodMs;
} LED_DEVICE_CONTEXT, *PLED_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(LED_DEVICE_CONTEXT, LedGetContext)

extern PLED_DEFAULTS g_LedDefaults;

EVT_WDF_DRIVER_DEVICE_ADD LedBarEvtDeviceAdd;
