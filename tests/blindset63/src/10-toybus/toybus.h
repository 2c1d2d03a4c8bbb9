/*
 * toybus.h - dynamic-enumeration virtual bus ("plug in" toys from user mode)
 *
 *   toyctl plug   -> IOCTL_TOYBUS_PLUG   -> new PDO "TOYBUS\Toy"
 *   toyctl unplug -> IOCTL_TOYBUS_UNPLUG -> PDO reported missing
 *
 * Serial numbers are unique across all bus instances (one global bitmap).
 */
#ifndef TOYBUS_H
#define TOYBUS_H

#include <ntddk.h>
#include <wdf.h>
#include <ntstrsafe.h>
#include <initguid.h>

// {7b5e0c34-9a21-4d6f-8c47-e31f0b92a6d8}
DEFINE_GUID(GUID_DEVINTERFACE_TOYBUS,
    0x7b5e0c34, 0x9a21, 0x4d6f, 0x8c, 0x47, 0xe3, 0x1f, 0x0b, 0x92, 0xa6, 0xd8);

#define TOYBUS_TAG              'yoTB'
#define TOYBUS_MAX_SERIALS      256

#define TOY_DEVICE_ID           L"TOYBUS\\Toy"
#define TOY_HARDWARE_IDS        L"TOYBUS\\Toy\0"
#define TOY_DESCRIPTION_FMT     L"Toy device %lu"

#define FILE_DEVICE_TOYBUS      0x8F70
#define IOCTL_TOYBUS_PLUG       CTL_CODE(FILE_DEVICE_TOYBUS, 0x830, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_TOYBUS_UNPLUG     CTL_CODE(FILE_DEVICE_TOYBUS, 0x831, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#if DBG
#define TOY_DBG(...)    DbgPrintEx(DPFLTR_IHVBUS_ID, DPFLTR_INFO_LEVEL, "toybus: " __VA_ARGS__)
#else
#define TOY_DBG(...)    ((void)0)
#endif

typedef struct _TOY_GLOBALS {
    RTL_BITMAP      SerialMap;
    PULONG          SerialBits;
    WDFWAITLOCK     SerialLock;
} TOY_GLOBALS;

extern TOY_GLOBALS g_Toy;

typedef struct _TOY_ID_DESCRIPTION {
    WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER Header;
    ULONG SerialNo;
} TOY_ID_DESCRIPTION, *PTOY_ID_DESCRIPTION;

typedef struct _TOY_PDO_CONTEXT {
    ULONG SerialNo;
} TOY_PDO_CONTEXT, *PTOY_PDO_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(TOY_PDO_CONTEXT, ToyPdoGetContext)

DRIVER_INITIALIZE                           DriverEntry;
EVT_WDF_DRIVER_UNLOAD                       ToyEvtDriverUnload;
EVT_WDF_DRIVER_DEVICE_ADD                   ToyEvtDeviceAdd;
EVT_WDF_CHILD_LIST_CREATE_DEVICE            ToyEvtChildListCreateDevice;
EVT_WDF_OBJECT_CONTEXT_CLEANUP              ToyEvtPdoCleanup;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL          ToyEvtIoDeviceControl;

BOOLEAN ToyReserveSerial(_Out_ PULONG Serial);
VOID    ToyReleaseSerial(_In_ ULONG Serial);

#endif
