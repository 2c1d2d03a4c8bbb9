/*
 * kbremap.h - KMDF keyboard upper filter that remaps scan codes.
 *
 * The remap table can be changed at run time by the tray tool through a
 * control device (\\.\KbRemap) created once per driver.
 */
#ifndef KBREMAP_H
#define KBREMAP_H

#include <ntddk.h>
#include <kbdmou.h>
#include <ntddkbd.h>
#include <wdf.h>
#include <wdmsec.h>

#define KBR_TAG                 'rmbK'
#define KBR_CONTROL_NAME        L"\\Device\\KbRemap"
#define KBR_CONTROL_LINK        L"\\DosDevices\\KbRemap"
#define KBR_MAX_MAPPINGS        32

#define IOCTL_KBR_SET_TABLE \
    CTL_CODE(FILE_DEVICE_KEYBOARD, 0x0A01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_KBR_GET_TABLE \
    CTL_CODE(FILE_DEVICE_KEYBOARD, 0x0A02, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KBR_ENABLE \
    CTL_CODE(FILE_DEVICE_KEYBOARD, 0x0A03, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _KBR_MAPPING {
    USHORT From;
    USHORT To;
} KBR_MAPPING, *PKBR_MAPPING;

typedef struct _KBR_TABLE {
    ULONG       Count;
    KBR_MAPPING Map[KBR_MAX_MAPPINGS];
} KBR_TABLE, *PKBR_TABLE;

typedef struct _KBR_GLOBALS {
    WDFDEVICE       ControlDevice;
    WDFWAITLOCK     TableLock;
    KBR_TABLE       Table;
    BOOLEAN         Enabled;
    LONG            FilterCount;
} KBR_GLOBALS, *PKBR_GLOBALS;

extern KBR_GLOBALS KbrGlobals;

typedef struct _KBR_FILTER_CONTEXT {
    WDFDEVICE       Device;
    CONNECT_DATA    UpperConnectData;
    ULONG           KeysSeen;
    ULONG           KeysRemapped;
} KBR_FILTER_CONTEXT, *PKBR_FILTER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(KBR_FILTER_CONTEXT, KbrGetFilterContext)

DRIVER_INITIALIZE                           DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD                   KbrEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP              KbrEvtFilterCleanup;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL KbrEvtInternalIoctl;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL          KbrEvtControlIoctl;

NTSTATUS KbrCreateControlDevice(_In_ WDFDRIVER Driver);

#endif
