/*++

Module Name:

    tapecls.h

Abstract:

    Definitions for the QIC-X sequential access class driver.  CLASSPNP
    provides the PnP/power plumbing; this driver adds the device specific
    bits on top.

--*/

#ifndef _TAPECLS_H_
#define _TAPECLS_H_

#include <ntddk.h>
#include <ntstrsafe.h>
#include <scsi.h>
#include <classpnp.h>

#define QTAPE_DEVICE_NAME_FORMAT    "\\Device\\QicTape%u"
#define QTAPE_DEFAULT_TIMEOUT       180         // seconds, rewinds are slow
#define QTAPE_MOF_RESOURCE_NAME     L"MofResourceName"

#if DBG
#define QTapeDebugPrint(_lvl_, _x_)  if ((_lvl_) <= QTapeDebugLevel) { DbgPrint _x_; }
#else
#define QTapeDebugPrint(_lvl_, _x_)
#endif

extern ULONG QTapeDebugLevel;

//
// Driver object extension.  The registry path buffer is carved out of the
// same allocation, directly behind the structure.
//

typedef struct _QTAPE_DRIVER_EXTENSION {
    UNICODE_STRING  RegistryPath;
    ULONG           NextDeviceNumber;
    ULONG           Reserved;
} QTAPE_DRIVER_EXTENSION, *PQTAPE_DRIVER_EXTENSION;

typedef struct _QTAPE_DATA {
    ULONG           DeviceNumber;
    ULONG           TimeoutValue;
    ULONG           BlockSize;
    BOOLEAN         WriteProtected;
} QTAPE_DATA, *PQTAPE_DATA;

extern UCHAR QTapeDriverExtensionKey;

//
// tapecls.c
//

DRIVER_INITIALIZE DriverEntry;

NTSTATUS QTapeAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT Pdo);
VOID     QTapeUnload(_In_ PDRIVER_OBJECT DriverObject);

//
// tapedev.c
//

NTSTATUS QTapeInitDevice(_In_ PDEVICE_OBJECT Fdo);
NTSTATUS QTapeStartDevice(_In_ PDEVICE_OBJECT Fdo);
NTSTATUS QTapeStopDevice(_In_ PDEVICE_OBJECT DeviceObject, _In_ UCHAR Type);
NTSTATUS QTapeRemoveDevice(_In_ PDEVICE_OBJECT DeviceObject, _In_ UCHAR Type);
NTSTATUS QTapeReadWriteVerification(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp);
NTSTATUS QTapeDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp);
NTSTATUS QTapeQueryWmiRegInfoEx(_In_ PDEVICE_OBJECT DeviceObject, _Out_ ULONG *RegFlags,
                                _Out_ PUNICODE_STRING Name, _Out_ PUNICODE_STRING MofResourceName);

#endif // _TAPECLS_H_
