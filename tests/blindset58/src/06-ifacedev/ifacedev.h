/*
 * ifacedev.h
 *
 * Root-enumerated software device (devcon install ifacedev.inf root\ifacedev).
 * No hardware: it exposes a device interface so the test app can find it
 * with SetupDiGetClassDevs(DIGCF_DEVICEINTERFACE) and talk IOCTLs to it.
 */
#ifndef IFACEDEV_H
#define IFACEDEV_H

#include <wdm.h>

/* {6C1E4F7A-2B9D-4E55-9A3C-5D0F8B21C7E3} */
DEFINE_GUID(GUID_DEVINTERFACE_IFACEDEV,
    0x6c1e4f7a, 0x2b9d, 0x4e55, 0x9a, 0x3c, 0x5d, 0x0f, 0x8b, 0x21, 0xc7, 0xe3);

#define IFD_TAG             'DfcI'
#define IFD_VERSION         0x00010003

#define FILE_DEVICE_IFACEDEV        0x8C01
#define IOCTL_IFACEDEV_GET_VERSION  CTL_CODE(FILE_DEVICE_IFACEDEV, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_IFACEDEV_GET_OPENS    CTL_CODE(FILE_DEVICE_IFACEDEV, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

#if DBG
#define IFD_LOG(_x_)    do { DbgPrint("ifacedev: "); DbgPrint _x_; } while (0)
#else
#define IFD_LOG(_x_)
#endif

typedef enum _IFD_PNP_STATE {
    IfdNotStarted = 0,
    IfdStarted,
    IfdStopPending,
    IfdSurpriseRemoved,
    IfdRemoved
} IFD_PNP_STATE;

typedef struct _IFD_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  LowerDevice;
    IO_REMOVE_LOCK  RemoveLock;
    UNICODE_STRING  InterfaceName;      /* from IoRegisterDeviceInterface */
    BOOLEAN         InterfaceEnabled;
    IFD_PNP_STATE   State;
    volatile LONG   OpenCount;
} IFD_EXTENSION, *PIFD_EXTENSION;

/* ifacedev.c */
DRIVER_INITIALIZE   DriverEntry;
DRIVER_ADD_DEVICE   IfdAddDevice;
DRIVER_UNLOAD       IfdUnload;
DRIVER_DISPATCH     IfdCreateClose;
DRIVER_DISPATCH     IfdDeviceControl;
DRIVER_DISPATCH     IfdSystemControl;

/* pnp.c */
DRIVER_DISPATCH     IfdPnp;
DRIVER_DISPATCH     IfdPower;

NTSTATUS IfdCompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Info);

#endif /* IFACEDEV_H */
