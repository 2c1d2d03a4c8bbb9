/*
 * urvhci.h -- client-side virtual USB host controller.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef URVHCI_H
#define URVHCI_H

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>
#include <usb.h>
#include "../common/urcommon.h"

#define UR_VHCI_POOL_TAG 'hVrU'

/* {B4030C06-DC5F-4FCC-87EB-E5515A0935C0} */
DEFINE_GUID(GUID_DEVINTERFACE_URVHCI,
    0xb4030c06, 0xdc5f, 0x4fcc, 0x87, 0xeb, 0xe5, 0x51, 0x5a, 0x09, 0x35, 0xc0);

#define IOCTL_URVHCI_PLUGIN  CTL_CODE(FILE_DEVICE_BUS_EXTENDER, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_URVHCI_UNPLUG  CTL_CODE(FILE_DEVICE_BUS_EXTENDER, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_URVHCI_PORTS   CTL_CODE(FILE_DEVICE_BUS_EXTENDER, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)

#define URVHCI_MAX_ID_CHARS  64

typedef struct _URVHCI_PLUGIN {
    ULONG   Port;               /* 1-based; 0 = pick a free one */
    USHORT  VendorId;
    USHORT  ProductId;
    USHORT  BcdDevice;
    UCHAR   Class;
    UCHAR   SubClass;
    UCHAR   Protocol;
    UCHAR   Speed;              /* USB_DEVICE_SPEED */
    WCHAR   Serial[32];
} URVHCI_PLUGIN, *PURVHCI_PLUGIN;

typedef struct _URVHCI_UNPLUG {
    ULONG   Port;
} URVHCI_UNPLUG, *PURVHCI_UNPLUG;

/*
 * Child identification description: one per occupied root port.
 */
typedef struct _VHCI_CHILD_ID {
    WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER Header;
    ULONG         Port;
    URVHCI_PLUGIN Plugin;
} VHCI_CHILD_ID, *PVHCI_CHILD_ID;

typedef struct _VHCI_FDO_CONTEXT {
    WDFDEVICE   Device;
    WDFCHILDLIST Children;
    ULONG       PortCount;
    ULONG       PortMask;
    WDFWAITLOCK PortLock;
} VHCI_FDO_CONTEXT, *PVHCI_FDO_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VHCI_FDO_CONTEXT, VhciGetFdoContext)

typedef struct _VHCI_PDO_CONTEXT {
    ULONG Port;
    URVHCI_PLUGIN Plugin;
} VHCI_PDO_CONTEXT, *PVHCI_PDO_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VHCI_PDO_CONTEXT, VhciGetPdoContext)

extern UR_SETTINGS g_VhciSettings;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD VhciEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD VhciEvtDriverUnload;
EVT_WDF_CHILD_LIST_CREATE_DEVICE VhciEvtChildListCreateDevice;
EVT_WDF_CHILD_LIST_IDENTIFICATION_DESCRIPTION_COMPARE VhciEvtChildIdCompare;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL VhciEvtIoDeviceControl;

#endif /* URVHCI_H */
