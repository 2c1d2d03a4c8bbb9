// driver.h -- declarations for the COUNTER driver

#ifndef DRIVER_H
#define DRIVER_H

#define DRIVERNAME "COUNTER"
#define COUNTER_TAG 'tnuC'

///////////////////////////////////////////////////////////////////////////////
// Per-driver data kept in the driver object extension

typedef struct _DRIVER_DATA {
    ULONG DebugLevel;               // from Parameters\DebugLevel
    ULONG ReinitCount;              // how many times Reinitialize ran
    LONG  DeviceCount;              // live FDOs
} DRIVER_DATA, *PDRIVER_DATA;

///////////////////////////////////////////////////////////////////////////////
// Device extension

typedef struct _DEVICE_EXTENSION {
    PDEVICE_OBJECT DeviceObject;    // device object this extension belongs to
    PDEVICE_OBJECT LowerDeviceObject; // next lower driver in same stack
    PDEVICE_OBJECT Pdo;             // the PDO
    IO_REMOVE_LOCK RemoveLock;      // removal control locking structure
    UNICODE_STRING ifname;          // interface name
    LONG           Counter;         // the thing this driver counts
    BOOLEAN        Started;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

///////////////////////////////////////////////////////////////////////////////
// Global functions

extern UNICODE_STRING servkey;
extern const ULONG DriverDataKey;

PDRIVER_DATA GetDriverData(PDRIVER_OBJECT DriverObject);

NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT pdo);
VOID DriverUnload(PDRIVER_OBJECT DriverObject);
VOID Reinitialize(PDRIVER_OBJECT DriverObject, PVOID Context, ULONG Count);

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT fdo, PIRP Irp);
NTSTATUS DispatchControl(PDEVICE_OBJECT fdo, PIRP Irp);
NTSTATUS DispatchPnp(PDEVICE_OBJECT fdo, PIRP Irp);
NTSTATUS DispatchPower(PDEVICE_OBJECT fdo, PIRP Irp);
NTSTATUS DispatchWmi(PDEVICE_OBJECT fdo, PIRP Irp);

NTSTATUS CompleteRequest(PIRP Irp, NTSTATUS status, ULONG_PTR info);

// {2B2D5C4E-6B7E-4C1B-9C36-3E9D1A1B7C21}
DEFINE_GUID(GUID_DEVINTERFACE_COUNTER,
    0x2b2d5c4e, 0x6b7e, 0x4c1b, 0x9c, 0x36, 0x3e, 0x9d, 0x1a, 0x1b, 0x7c, 0x21);

#define IOCTL_COUNTER_GET   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_COUNTER_BUMP  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#endif // DRIVER_H
