/*
 *  thermo.h -- USB thermometer (WDM) shared stuff
 *
 *  Hobby driver for the "TempStick" USB thermometer, a PIC18 based
 *  board that answers a couple of vendor requests on endpoint 0.
 */
#ifndef _THERMO_H_
#define _THERMO_H_

#include <wdm.h>
#include <usb.h>
#include <usbdlib.h>
#include <usbioctl.h>
#include <initguid.h>

#define THERMO_TAG              'mrhT'
#define THERMO_NAME             "usbthermo"

#if DBG
#define TLOG(_x_)               do { DbgPrint(THERMO_NAME ": "); DbgPrint _x_; } while (0)
#else
#define TLOG(_x_)
#endif

#define THERMO_REQ_READ_TEMP    0x01
#define THERMO_REQ_SET_RATE     0x02

#define THERMO_DEFAULT_RATE     4       /* samples per second */

// {8A40C2F7-6E1D-4B2A-9C55-0F37D8E1A6B4}
DEFINE_GUID(GUID_DEVINTERFACE_USBTHERMO,
    0x8a40c2f7, 0x6e1d, 0x4b2a, 0x9c, 0x55, 0x0f, 0x37, 0xd8, 0xe1, 0xa6, 0xb4);

#define IOCTL_THERMO_READ_TEMP  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _THERMO_GLOBALS {
    UNICODE_STRING  ServiceKey;
    ULONG           DeviceCount;
} THERMO_GLOBALS;

extern THERMO_GLOBALS ThermoGlobals;

typedef struct _DEVICE_EXTENSION {
    PDEVICE_OBJECT                  Self;
    PDEVICE_OBJECT                  Pdo;
    PDEVICE_OBJECT                  LowerDevice;
    IO_REMOVE_LOCK                  RemoveLock;
    UNICODE_STRING                  InterfaceName;
    USBD_CONFIGURATION_HANDLE       ConfigHandle;
    BOOLEAN                         Started;
    ULONG                           SampleRate;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

DRIVER_INITIALIZE       DriverEntry;
DRIVER_UNLOAD           ThermoUnload;
DRIVER_ADD_DEVICE       ThermoAddDevice;
_Dispatch_type_(IRP_MJ_PNP)            DRIVER_DISPATCH ThermoDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER)          DRIVER_DISPATCH ThermoDispatchPower;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)          DRIVER_DISPATCH ThermoDispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH ThermoDispatchIoctl;
_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL) DRIVER_DISPATCH ThermoDispatchPassThrough;

NTSTATUS ThermoCallUsbd(PDEVICE_EXTENSION Ext, PURB Urb);
NTSTATUS ThermoStartDevice(PDEVICE_EXTENSION Ext);

#endif /* _THERMO_H_ */
