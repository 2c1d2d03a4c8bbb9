/*
 * kbdfilt - KMDF keyboard upper filter (sits between kbdclass and
 * kbdhid / i8042prt) that counts keystrokes and exposes the counters
 * through a control device, \\.\KbdFiltCtl.
 */
#pragma once

#include <ntddk.h>
#include <kbdmou.h>
#include <ntddkbd.h>
#include <wdf.h>
#include <wdmsec.h>

#define KF_NT_NAME      L"\\Device\\KbdFiltCtl"
#define KF_DOS_NAME     L"\\DosDevices\\KbdFiltCtl"

#define KF_IOCTL_TYPE           0xB100
#define IOCTL_KBDFILT_GET_STATS CTL_CODE(KF_IOCTL_TYPE, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KBDFILT_RESET     CTL_CODE(KF_IOCTL_TYPE, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define KF_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "kbdfilt: " fmt "\n", __VA_ARGS__)

typedef struct _KBDFILT_STATS {
    LONG64 KeyDowns;
    LONG64 KeyUps;
    ULONG  AttachedKeyboards;
} KBDFILT_STATS, *PKBDFILT_STATS;

typedef struct _FILTER_EXTENSION {
    WDFDEVICE    WdfDevice;
    CONNECT_DATA UpperConnectData;
    BOOLEAN      Connected;
    BOOLEAN      InCollection;
} FILTER_EXTENSION, *PFILTER_EXTENSION;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FILTER_EXTENSION, FilterGetData)

typedef struct _CONTROL_DEVICE_EXTENSION {
    ULONG OpenCount;
} CONTROL_DEVICE_EXTENSION, *PCONTROL_DEVICE_EXTENSION;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CONTROL_DEVICE_EXTENSION, ControlGetData)

/* driver.c */
extern WDFCOLLECTION g_FilterDevices;
extern WDFWAITLOCK   g_FilterDevicesLock;
extern KBDFILT_STATS g_Stats;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD KfEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP KfEvtDeviceCleanup;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL KfEvtIoInternalDeviceControl;

/* control.c */
NTSTATUS KfCreateControlDevice(_In_ WDFDEVICE Device);
VOID     KfDeleteControlDevice(VOID);
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KfEvtControlIoDeviceControl;
