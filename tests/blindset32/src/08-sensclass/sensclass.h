/*
 * sensclass - classpnp based class driver for the "SENS-4" environmental
 * sensor that enumerates behind our USB-to-SCSI bridge as a processor
 * device (peripheral type 3).  Readings are fetched with a vendor CDB
 * once per ClassTick and handed to user mode via IOCTL_SENS_GET_READING.
 */
#pragma once

#include <ntddk.h>
#include <ntddscsi.h>
#include <scsi.h>
#include <classpnp.h>
#include <ntstrsafe.h>

#define SENS_TAG                    'sneS'
#define SENS_DRVEXT_SIGNATURE       'XDSN'
#define SENS_DEFAULT_POLL_SECONDS   5
#define SENS_VENDOR_OPCODE          0xC7
#define SENS_READING_LENGTH         16

#define IOCTL_SENS_GET_READING \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_READ_ACCESS)

#define SENS_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "sensclass: " fmt "\n", __VA_ARGS__)

//
// Our per-driver data, kept in a driver object extension next to the
// one classpnp allocates for itself.
//
typedef struct _SENS_DRIVER_EXTENSION {
    ULONG           Signature;
    UNICODE_STRING  RegistryPath;
    ULONG           PollSeconds;
    ULONG           DeviceCount;
} SENS_DRIVER_EXTENSION, *PSENS_DRIVER_EXTENSION;

//
// Per-FDO data; lives right behind the FUNCTIONAL_DEVICE_EXTENSION and
// is reachable through CommonExtension.DriverData.
//
typedef struct _SENS_FDO_DATA {
    ULONG   TicksUntilPoll;
    ULONG   PollSeconds;
    UCHAR   LastReading[SENS_READING_LENGTH];
    BOOLEAN ReadingValid;
} SENS_FDO_DATA, *PSENS_FDO_DATA;

extern UCHAR SensDriverExtensionKey;
#define SENS_DRIVER_EXTENSION_KEY   ((PVOID)&SensDriverExtensionKey)

/* drvext.c */
BOOLEAN SensInitDriverExtension(_Out_ PSENS_DRIVER_EXTENSION DrvExt, _In_ PUNICODE_STRING RegistryPath);
BOOLEAN SensQueryDeviceOverrides(_In_ PSENS_DRIVER_EXTENSION DrvExt, _In_ ULONG DeviceNumber,
                                 _Out_ PULONG PollSeconds);

/* sens.c */
NTSTATUS SensAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT Pdo);
NTSTATUS SensInitDevice(_In_ PDEVICE_OBJECT Fdo);
NTSTATUS SensStartDevice(_In_ PDEVICE_OBJECT Fdo);
NTSTATUS SensStopDevice(_In_ PDEVICE_OBJECT DeviceObject, _In_ UCHAR Type);
NTSTATUS SensRemoveDevice(_In_ PDEVICE_OBJECT DeviceObject, _In_ UCHAR Type);
NTSTATUS SensReadWriteVerification(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp);
NTSTATUS SensDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp);
NTSTATUS SensShutdownFlush(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp);
VOID     SensTick(_In_ PDEVICE_OBJECT DeviceObject);
VOID     SensUnload(_In_ PDRIVER_OBJECT DriverObject);
