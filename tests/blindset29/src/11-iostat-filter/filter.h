// filter.h - iostat: generic WDM upper filter that counts read/write requests
// and bytes transferred for the device stack it is installed on.

#pragma once

#include <ntddk.h>

#define IOSTAT_TAG          'tSoI'

#define IOSTAT_DBG(Level, Fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (Level), "iostat: " Fmt "\n", __VA_ARGS__)

typedef enum _DEVICE_PNP_STATE {
    NotStarted = 0,
    Started,
    RemovePending,
    SurpriseRemovePending,
    Deleted
} DEVICE_PNP_STATE;

typedef struct _IOSTAT_COUNTERS {
    volatile LONG64 Reads;
    volatile LONG64 Writes;
    volatile LONG64 BytesRead;
    volatile LONG64 BytesWritten;
    volatile LONG64 Failures;
} IOSTAT_COUNTERS;

typedef struct _IOSTAT_EXTENSION {
    PDEVICE_OBJECT      Self;
    PDEVICE_OBJECT      PhysicalDeviceObject;
    PDEVICE_OBJECT      NextLowerDriver;
    IO_REMOVE_LOCK      RemoveLock;
    DEVICE_PNP_STATE    DevicePnPState;
    DEVICE_PNP_STATE    PreviousPnPState;
    BOOLEAN             Enabled;
    IOSTAT_COUNTERS     Counters;
} IOSTAT_EXTENSION, *PIOSTAT_EXTENSION;

typedef struct _IOSTAT_GLOBALS {
    UNICODE_STRING      RegistryPath;       // private, NUL-terminated copy
    ULONG               DefaultEnabled;
} IOSTAT_GLOBALS;

extern IOSTAT_GLOBALS g_IoStat;

#define INITIALIZE_PNP_STATE(_Ext)  \
    (_Ext)->DevicePnPState = NotStarted; (_Ext)->PreviousPnPState = NotStarted;
#define SET_NEW_PNP_STATE(_Ext, _State) \
    (_Ext)->PreviousPnPState = (_Ext)->DevicePnPState; (_Ext)->DevicePnPState = (_State);
#define RESTORE_PREVIOUS_PNP_STATE(_Ext) \
    (_Ext)->DevicePnPState = (_Ext)->PreviousPnPState;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE IoStatAddDevice;
DRIVER_UNLOAD IoStatUnload;

_Dispatch_type_(IRP_MJ_PNP)   DRIVER_DISPATCH IoStatDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH IoStatDispatchPower;
_Dispatch_type_(IRP_MJ_READ) _Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH IoStatDispatchReadWrite;
DRIVER_DISPATCH IoStatDispatchPass;

// registry.c
NTSTATUS IoStatCopyRegistryPath(_In_ PCUNICODE_STRING Source, _Out_ PUNICODE_STRING Copy);
VOID     IoStatFreeRegistryPath(_Inout_ PUNICODE_STRING Copy);
ULONG    IoStatQueryEnabled(VOID);
