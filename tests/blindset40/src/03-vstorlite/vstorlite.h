/*++

Module Name:

    vstorlite.h

Abstract:

    VStorLite - a tiny Storport virtual miniport exposing one RAM-backed
    disk.  Good enough for testing file systems in a VM.

--*/

#pragma once

#include <ntddk.h>
#include <storport.h>

#define VSL_TAG                 'lSsV'
#define VSL_SECTOR_SIZE         512
#define VSL_DEFAULT_SIZE_MB     64
#define VSL_MAX_SIZE_MB         1024
#define VSL_MAX_TRANSFER        (64 * 1024)

#define VslLog(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "VStorLite: " _fmt "\n", __VA_ARGS__)

typedef struct _VSL_GLOBALS {
    PDRIVER_OBJECT      DriverObject;
    PDRIVER_UNLOAD      PortUnload;         // Storport's own unload routine
    PUCHAR              Image;              // disk contents
    SIZE_T              ImageSize;
    ULONG               SectorCount;
    ULONG               AdapterCount;
} VSL_GLOBALS, *PVSL_GLOBALS;

extern VSL_GLOBALS VslGlobals;

typedef struct _VSL_HBA_EXTENSION {
    PUCHAR              Image;
    ULONG               SectorCount;
    BOOLEAN             Initialized;
    UCHAR               VendorId[8];
    UCHAR               ProductId[16];
} VSL_HBA_EXTENSION, *PVSL_HBA_EXTENSION;

// vslconf.c
NTSTATUS VslQueryImageSize(_In_ PUNICODE_STRING RegistryPath, _Out_ PULONG SizeInMb);

// vslio.c

HW_INITIALIZE               VslHwInitialize;
HW_STARTIO                  VslHwStartIo;
HW_RESET_BUS                VslHwResetBus;
HW_ADAPTER_CONTROL          VslHwAdapterControl;
HW_FREE_ADAPTER_RESOURCES   VslHwFreeAdapterResources;

ULONG
VslVirtualFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Again
    );
