/*
 * pwrbtn.h - shared definitions for pwrbtn, the WDM function driver for the
 * front-panel power/reset button block of the PB-4 kiosk enclosure (an
 * ACPI device, "PBK0004", with one interrupt and two GPIO registers).
 */

#ifndef PWRBTN_H
#define PWRBTN_H

#define PWRBTN_TAG 'nBwP'

typedef struct _PWRBTN_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
    PDEVICE_OBJECT Pdo;
    ULONG          PressCount;
} PWRBTN_EXTENSION, *PPWRBTN_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE PbAddDevice;
DRIVER_UNLOAD PbUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PbCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH PbDeviceControl;

_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH PbPower;

_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH PbPnp;

/* dispatch.c */
VOID PbInitDispatch(_In_ PDRIVER_OBJECT DriverObject);

#endif /* PWRBTN_H */
