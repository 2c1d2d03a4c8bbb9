//
// adcwdm.h - WDM function driver for the AD-8 PCI sampler (one memory
// BAR, one line-based or MSI interrupt).
//

#ifndef _ADCWDM_H_
#define _ADCWDM_H_

#include <ntddk.h>
#include <initguid.h>

// {5e0c7b44-93a1-4d2f-8c16-0b7a2e94d5c3}
DEFINE_GUID(GUID_DEVINTERFACE_ADCWDM,
    0x5e0c7b44, 0x93a1, 0x4d2f, 0x8c, 0x16, 0x0b, 0x7a, 0x2e, 0x94, 0xd5, 0xc3);

#define ADC_TAG                 'cdAW'
#define ADC_REG_CONTROL         0x00
#define ADC_REG_STATUS          0x04
#define ADC_REG_SAMPLE          0x08
#define ADC_REG_WINDOW          0x20
#define ADC_CTRL_RUN_IRQ        0x03
#define ADC_STATUS_IRQ          0x01

#define IOCTL_ADC_GET_SAMPLE    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_READ_ACCESS)
#define AdcTrace(_x_)           KdPrint(_x_)

typedef enum _ADC_PNP_STATE {
    AdcNotStarted = 0, AdcStarted, AdcStopped, AdcSurpriseRemoved, AdcDeleted
} ADC_PNP_STATE;

typedef struct _ADC_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  LowerDevice;
    IO_REMOVE_LOCK  RemoveLock;
    ADC_PNP_STATE   PnpState;
    UNICODE_STRING  InterfaceName;
    PUCHAR          Registers;
    PKINTERRUPT     Interrupt;
    volatile LONG   LastSample;
    volatile LONG   InterruptCount;
} ADC_EXTENSION, *PADC_EXTENSION;

typedef struct _ADC_GLOBALS {
    UNICODE_STRING  RegistryPath;       // private copy, freed in unload
    ULONG           SampleRate;
} ADC_GLOBALS;

extern ADC_GLOBALS AdcGlobals;

// adcwdm.c
DRIVER_INITIALIZE   DriverEntry;
DRIVER_ADD_DEVICE   AdcAddDevice;
DRIVER_UNLOAD       AdcUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH     AdcCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH     AdcDeviceControl;
_Dispatch_type_(IRP_MJ_POWER) _Dispatch_type_(IRP_MJ_SYSTEM_CONTROL)
DRIVER_DISPATCH     AdcPassDown;

// adcpnp.c
_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH     AdcDispatchPnp;

#endif
