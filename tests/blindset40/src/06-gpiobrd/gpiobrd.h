/*++

Module Name:

    gpiobrd.h

Abstract:

    WDM function driver for the GB-32 GPIO expansion card (PCI, one
    memory BAR).  Written against the old toaster/featured1 layout.

--*/

#ifndef __GPIOBRD_H
#define __GPIOBRD_H

#include <ntddk.h>
#include <initguid.h>

// {8c3e5b2d-1f47-4a09-b6d2-7e41c0a9f316}
DEFINE_GUID(GUID_DEVINTERFACE_GPIOBRD,
    0x8c3e5b2d, 0x1f47, 0x4a09, 0xb6, 0xd2, 0x7e, 0x41, 0xc0, 0xa9, 0xf3, 0x16);

#define GPIO_TAG                'oipG'
#define GPIO_REG_DIRECTION      0x00
#define GPIO_REG_OUTPUT         0x04
#define GPIO_REG_INPUT          0x08
#define GPIO_REG_WINDOW         0x40

#define IOCTL_GPIO_READ         CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_GPIO_WRITE        CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#if DBG
#define GpioDbg(_x_)    DbgPrint("GPIOBRD: "); DbgPrint _x_
#else
#define GpioDbg(_x_)
#endif

typedef enum _DEVICE_PNP_STATE {
    NotStarted = 0, Started, StopPending, Stopped,
    RemovePending, SurpriseRemovePending, Deleted
} DEVICE_PNP_STATE;

#define INITIALIZE_PNP_STATE(_Data_)    \
        (_Data_)->DevicePnPState =  NotStarted;\
        (_Data_)->PreviousPnPState = NotStarted;

#define SET_NEW_PNP_STATE(_Data_, _state_) \
        (_Data_)->PreviousPnPState =  (_Data_)->DevicePnPState;\
        (_Data_)->DevicePnPState = (_state_);

#define RESTORE_PREVIOUS_PNP_STATE(_Data_)   \
        (_Data_)->DevicePnPState =   (_Data_)->PreviousPnPState;

typedef struct _FDO_DATA {
    PDEVICE_OBJECT      Self;
    PDEVICE_OBJECT      UnderlyingPDO;
    PDEVICE_OBJECT      NextLowerDriver;
    DEVICE_PNP_STATE    DevicePnPState;
    DEVICE_PNP_STATE    PreviousPnPState;
    IO_REMOVE_LOCK      RemoveLock;
    UNICODE_STRING      InterfaceName;
    PUCHAR              Registers;
    ULONG               RegistersLength;
    KSPIN_LOCK          RegisterLock;
} FDO_DATA, *PFDO_DATA;

// gpiobrd.c
DRIVER_INITIALIZE   DriverEntry;
DRIVER_ADD_DEVICE   GpioAddDevice;
DRIVER_UNLOAD       GpioUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH     GpioCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH     GpioDeviceControl;

_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH     GpioDispatchPower;

_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL)
DRIVER_DISPATCH     GpioSystemControl;

// pnp.c
_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH     GpioDispatchPnp;

#endif // __GPIOBRD_H
