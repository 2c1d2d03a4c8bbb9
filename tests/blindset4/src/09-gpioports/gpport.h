/*
 * gpport.h - GpPort, legacy driver for the memory-mapped GPIO banks of an
 * industrial I/O board that has no PnP enumerator. Each bank becomes a
 * device \Device\GpPortN with link \DosDevices\GPPORTN.
 */
#pragma once

#include <ntddk.h>
#include <ntstrsafe.h>

#define GP_TAG              'tPpG'
#define GP_MAX_BANKS        8
#define GP_BANK_REG_BYTES   0x100
#define GP_POLL_INTERVAL_MS 10

/* register offsets inside one bank */
#define GP_REG_DATA_IN      0x00
#define GP_REG_DATA_OUT     0x04
#define GP_REG_DIRECTION    0x08
#define GP_REG_IRQ_STATUS   0x0C

#define IOCTL_GP_READ_INPUTS    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB00, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_GP_WRITE_OUTPUTS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_GP_SET_DIRECTION  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB02, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_GP_GET_CHANGES    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB03, METHOD_BUFFERED, FILE_READ_ACCESS)

#define GP_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "gpport: " fmt "\n", __VA_ARGS__)

typedef struct _GP_BANK_CONFIG {
    PHYSICAL_ADDRESS    PhysicalBase;
    ULONG               InitialDirection;
} GP_BANK_CONFIG, *PGP_BANK_CONFIG;

typedef struct _GP_CONFIG {
    ULONG           BankCount;
    GP_BANK_CONFIG  Banks[GP_MAX_BANKS];
} GP_CONFIG, *PGP_CONFIG;

typedef struct _GP_DEVICE_EXTENSION {
    ULONG               BankIndex;
    PUCHAR              Registers;          /* mapped, NULL if not mapped */
    UNICODE_STRING      LinkName;
    WCHAR               LinkBuffer[32];
    BOOLEAN             LinkCreated;
    BOOLEAN             PollingStarted;
    KTIMER              PollTimer;
    KDPC                PollDpc;
    KSPIN_LOCK          StateLock;
    ULONG               LastInputs;
    ULONG               ChangeMask;
    ULONG               OpenCount;
} GP_DEVICE_EXTENSION, *PGP_DEVICE_EXTENSION;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD GpUnload;

/* config.c */
NTSTATUS GpReadConfiguration(_In_ PUNICODE_STRING RegistryPath, _Out_ PGP_CONFIG Config);

/* bank.c */
NTSTATUS GpCreateBankDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ ULONG Index,
                            _In_ PGP_BANK_CONFIG Bank, _Outptr_ PDEVICE_OBJECT *DeviceObject);
VOID GpStartPolling(_In_ PDEVICE_OBJECT DeviceObject);
VOID GpDestroyAllBanks(_In_ PDRIVER_OBJECT DriverObject);

/* dispatch.c */
_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH GpDispatchCreate;
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH GpDispatchClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH GpDispatchDeviceControl;
