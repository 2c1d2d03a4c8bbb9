/*
 * ping.h - KmdfPing, a non-PnP KMDF control device
 *
 *  IOCTL_PING_ECHO      : echoes the input buffer back
 *  IOCTL_PING_HEARTBEAT : returns the number of heartbeat ticks since load
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define PING_NT_NAME     L"\\Device\\KmdfPing"
#define PING_DOS_NAME    L"\\DosDevices\\KmdfPing"

#define FILE_DEVICE_PING      0x0000B00B
#define IOCTL_PING_ECHO       CTL_CODE(FILE_DEVICE_PING, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PING_HEARTBEAT  CTL_CODE(FILE_DEVICE_PING, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PING_HEARTBEAT_MS     1000
#define PING_MAX_ECHO         4096

typedef struct _PING_DEVICE_CONTEXT {
    WDFTIMER      Heartbeat;
    volatile LONG Ticks;
    volatile LONG OpenHandles;
} PING_DEVICE_CONTEXT, *PPING_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(PING_DEVICE_CONTEXT, PingGetContext)

#define TRACE(_x_)  KdPrint(_x_)

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD PingEvtDriverUnload;

/* device.c */
NTSTATUS PingCreateControlDevice(_In_ WDFDRIVER Driver);
EVT_WDF_DEVICE_FILE_CREATE PingEvtFileCreate;
EVT_WDF_FILE_CLOSE PingEvtFileClose;
EVT_WDF_TIMER PingEvtHeartbeat;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL PingEvtIoDeviceControl;

extern WDFDEVICE g_ControlDevice;
