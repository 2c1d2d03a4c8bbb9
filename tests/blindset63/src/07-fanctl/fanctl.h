/*
 * fanctl.h - PWM fan controller board (ACPI "FANC0001", MMIO + tach IRQ)
 *
 * One curve for all boards: temperature -> duty cycle, editable from the
 * tray tool through IOCTL_FANCTL_SET_CURVE.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>

#define FANCTL_TAG              'CnaF'
#define FAN_CURVE_MAX_POINTS    8
#define FAN_POLL_MS             1000
#define FAN_SAFE_DUTY           100

/* register window (ULONG indices) */
#define FAN_REG_PWM_DUTY        0
#define FAN_REG_TACH_COUNT      1
#define FAN_REG_TEMP_C          2
#define FAN_REG_IRQ_STATUS      3
#define FAN_REG_IRQ_ENABLE      4
#define FAN_IRQ_TACH_WRAP       0x1

#define FILE_DEVICE_FANCTL      0x8F55
#define IOCTL_FANCTL_SET_CURVE  CTL_CODE(FILE_DEVICE_FANCTL, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_FANCTL_GET_RPM    CTL_CODE(FILE_DEVICE_FANCTL, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)

#define FanLog(...)     DbgPrint("fanctl: " __VA_ARGS__)

typedef struct _FAN_CURVE_POINT {
    LONG    TempC;
    ULONG   Duty;       /* percent */
} FAN_CURVE_POINT, *PFAN_CURVE_POINT;

typedef struct _FAN_CURVE {
    ULONG           Count;
    FAN_CURVE_POINT Points[FAN_CURVE_MAX_POINTS];
} FAN_CURVE, *PFAN_CURVE;

typedef struct _FAN_GLOBALS {
    ERESOURCE       CurveLock;      /* readers: poll timers, writer: SET_CURVE */
    FAN_CURVE       Curve;
    WDFWAITLOCK     ConfigLock;     /* one SET_CURVE at a time */
} FAN_GLOBALS;

extern FAN_GLOBALS g_Fan;

typedef struct _FAN_DEVICE_CONTEXT {
    volatile ULONG* Regs;
    SIZE_T          RegsLength;
    WDFINTERRUPT    Interrupt;
    WDFTIMER        PollTimer;
    LONG            Running;
    ULONG           TachWraps;
    ULONG           LastTach;
    ULONG           Rpm;
} FAN_DEVICE_CONTEXT, *PFAN_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FAN_DEVICE_CONTEXT, FanGetContext)

DRIVER_INITIALIZE                       DriverEntry;
EVT_WDF_DRIVER_UNLOAD                   FanEvtDriverUnload;
EVT_WDF_DRIVER_DEVICE_ADD               FanEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE         FanEvtPrepareHardware;
EVT_WDF_DEVICE_RELEASE_HARDWARE         FanEvtReleaseHardware;
EVT_WDF_DEVICE_D0_ENTRY                 FanEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT                  FanEvtD0Exit;
EVT_WDF_INTERRUPT_ISR                   FanEvtIsr;
EVT_WDF_TIMER                           FanEvtPollTimer;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL      FanEvtIoDeviceControl;

VOID  FanLoadDefaultCurve(_Out_ PFAN_CURVE Curve);
ULONG FanDutyForTemp(_In_ LONG TempC);
