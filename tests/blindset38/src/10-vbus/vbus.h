/*
 * vbus.h - KMDF virtual bus: user mode plugs "gadgets" in and out,
 * each gadget is a PDO with hardware id VBus\Gadget.
 */
#ifndef VBUS_H
#define VBUS_H

#include <ntddk.h>
#include <wdf.h>
#include <ntstrsafe.h>

#include "public.h"

#define VBUS_DEVICE_ID      L"VBus\\Gadget"
#define VBUS_HARDWARE_ID    L"VBus\\Gadget"
#define VBUS_COMPATIBLE_ID  L"VBus\\GenericGadget"
#define VBUS_LOCATION       L"VBus slot"
#define VBUS_LCID_EN_US     0x409

#define VBUS_DEFAULT_MAX    8

#define VBusPrint(lvl, ...) DbgPrintEx(DPFLTR_IHVBUS_ID, (lvl), "vbus: " __VA_ARGS__)
#define VBUS_ERR            DPFLTR_ERROR_LEVEL
#define VBUS_INFO           DPFLTR_INFO_LEVEL

//
// Identification description: what makes two children "the same".
//
typedef struct _VBUS_CHILD_ID {
    WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER Header;
    ULONG SerialNo;
} VBUS_CHILD_ID, *PVBUS_CHILD_ID;

typedef struct _VBUS_FDO_CONTEXT {
    WDFDEVICE       Device;
    ULONG           MaxChildren;
} VBUS_FDO_CONTEXT, *PVBUS_FDO_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VBUS_FDO_CONTEXT, VBusFdoGetContext)

typedef struct _VBUS_PDO_CONTEXT {
    ULONG           SerialNo;
} VBUS_PDO_CONTEXT, *PVBUS_PDO_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VBUS_PDO_CONTEXT, VBusPdoGetContext)

DRIVER_INITIALIZE                       DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD               VBusEvtDeviceAdd;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL      VBusEvtIoDeviceControl;
EVT_WDF_CHILD_LIST_CREATE_DEVICE        VBusEvtChildListCreateDevice;

ULONG VBusReadMaxChildren(_In_ WDFDEVICE Device);

#endif
