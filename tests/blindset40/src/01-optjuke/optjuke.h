/*++

Module Name:

    optjuke.h

Abstract:

    Shared definitions for the optical jukebox class driver.  The driver
    sits on top of the SCSI/ATAPI port stack and uses CLASSPNP for the
    PnP, power and request plumbing.

--*/

#ifndef _OPTJUKE_H_
#define _OPTJUKE_H_

#include <ntddk.h>
#include <ntstrsafe.h>
#include <scsi.h>
#include <classpnp.h>

#define OPTJ_DEVICE_NAME_FORMAT "\\Device\\OptJuke%u"
#define OPTJ_DEFAULT_TIMEOUT    30      // seconds
#define OPTJ_MAX_SLOTS          64

#define OPTJ_IOCTL_BASE         0x0A00
#define IOCTL_OPTJ_GET_SLOTS    CTL_CODE(FILE_DEVICE_CHANGER, OPTJ_IOCTL_BASE + 0, METHOD_BUFFERED, FILE_READ_ACCESS)

#if DBG
#define OptjPrint(_x_)  DbgPrint _x_
#else
#define OptjPrint(_x_)
#endif

//
// Per-driver data kept in the driver object extension.  Looked up with
// IoGetDriverObjectExtension(DriverObject, &OptjDriverExtensionKey).
//

typedef struct _OPTJ_DRIVER_EXTENSION {
    UNICODE_STRING  RegistryPath;
    ULONG           DeviceCount;
    ULONG           DefaultTimeout;
    BOOLEAN         VerboseLogging;
} OPTJ_DRIVER_EXTENSION, *POPTJ_DRIVER_EXTENSION;

//
// Per-FDO private data.  CLASSPNP hands this back to us through
// CommonExtension.DriverData.
//

typedef struct _OPTJ_FDO_DATA {
    ULONG       DeviceNumber;
    ULONG       TimeoutValue;
    ULONG       SlotCount;
    BOOLEAN     Started;
    BOOLEAN     Claimed;
} OPTJ_FDO_DATA, *POPTJ_FDO_DATA;

extern UCHAR OptjDriverExtensionKey;

// optjuke.c
DRIVER_INITIALIZE DriverEntry;
NTSTATUS OptjAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT PhysicalDeviceObject);
VOID     OptjUnload(_In_ PDRIVER_OBJECT DriverObject);

// optinit.c
NTSTATUS OptjInitDevice(_In_ PDEVICE_OBJECT Fdo);
NTSTATUS OptjStartDevice(_In_ PDEVICE_OBJECT Fdo);
NTSTATUS OptjStopDevice(_In_ PDEVICE_OBJECT DeviceObject, _In_ UCHAR Type);
NTSTATUS OptjRemoveDevice(_In_ PDEVICE_OBJECT DeviceObject, _In_ UCHAR Type);
NTSTATUS OptjReadWriteVerification(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp);
NTSTATUS OptjDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp);

#endif // _OPTJUKE_H_
