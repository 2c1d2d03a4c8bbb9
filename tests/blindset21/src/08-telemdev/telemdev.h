/*++
Module Name:
    telemdev.h

Abstract:
    Telemetry aggregation driver for the TH-4 thermal sensor family.
    Exposes readings through an ETW provider, a WMI data block on the
    control device, and a device interface per enumerated sensor.

Environment:
    Kernel mode, WDM
--*/
#pragma once

#include <ntddk.h>
#include <wmistr.h>
#include <wmilib.h>

#ifdef TM_DEFINE_GUIDS
#include <initguid.h>
#endif

#define TM_TAG                  'mleT'
#define TM_CTL_DEVICE_NAME      L"\\Device\\TelemCtl"
#define TM_CTL_LINK_NAME        L"\\DosDevices\\TelemCtl"
#define TM_MAX_SENSORS          32

// {8C7B3A52-1E0D-4A4F-9C66-2D7E0B9F31A4}  ETW provider "Contoso-TH4-Telemetry"
DEFINE_GUID(TM_PROVIDER_GUID,
    0x8c7b3a52, 0x1e0d, 0x4a4f, 0x9c, 0x66, 0x2d, 0x7e, 0x0b, 0x9f, 0x31, 0xa4);

// {4E3D9A10-55B2-4C8E-A1F7-6B0C2D8E9F12}  WMI data block: TH4_Summary
DEFINE_GUID(TM_WMI_SUMMARY_GUID,
    0x4e3d9a10, 0x55b2, 0x4c8e, 0xa1, 0xf7, 0x6b, 0x0c, 0x2d, 0x8e, 0x9f, 0x12);

// {B1E7C3D4-2A6F-4E91-8D05-7C3F1A9B0E66}  device interface for sensors
DEFINE_GUID(GUID_DEVINTERFACE_TH4_SENSOR,
    0xb1e7c3d4, 0x2a6f, 0x4e91, 0x8d, 0x05, 0x7c, 0x3f, 0x1a, 0x9b, 0x0e, 0x66);

//
// Tracing / error handling
//
#define TM_DBG(_fmt, ...) \
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "telemdev: " _fmt "\n", __VA_ARGS__))
#define TM_ERROR(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "telemdev: " _fmt "\n", __VA_ARGS__)

#define IF_FAILED_GOTO(_st, _lbl)                                           \
    do {                                                                    \
        if (!NT_SUCCESS(_st)) {                                             \
            TM_ERROR("%s:%d 0x%08X", __FUNCTION__, __LINE__, (_st));        \
            goto _lbl;                                                      \
        }                                                                   \
    } while (0)

#define RETURN_IF_NT_FAILED(_expr)                                          \
    do {                                                                    \
        NTSTATUS __s = (_expr);                                             \
        if (!NT_SUCCESS(__s)) {                                             \
            TM_ERROR("%s 0x%08X", #_expr, __s);                             \
            return __s;                                                     \
        }                                                                   \
    } while (0)

//
// WMI data block layout (must match the MOF).
//
typedef struct _TM_WMI_SUMMARY {
    ULONG SensorCount;
    LONG  MaxMilliCelsius;
    LONG  MinMilliCelsius;
    ULONG SamplesTotal;
} TM_WMI_SUMMARY, *PTM_WMI_SUMMARY;

#define TM_FLAG_CONTROL_DEVICE  0x00000001
#define TM_FLAG_SYMLINK         0x00000002
#define TM_FLAG_WMI             0x00000004

typedef struct _TM_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    ULONG           Flags;

    // Service identity, used for WMI registration.
    UNICODE_STRING  ServiceKey;

    // ETW
    REGHANDLE       EtwHandle;
    volatile LONG   EtwEnabled;
    UCHAR           EtwLevel;
    ULONGLONG       EtwMatchAnyKeyword;

    // Control device
    PDEVICE_OBJECT  ControlDevice;
    WMILIB_CONTEXT  WmiLib;

    // Aggregated data (protected by DataLock)
    KSPIN_LOCK      DataLock;
    TM_WMI_SUMMARY  Summary;
} TM_GLOBALS, *PTM_GLOBALS;

extern TM_GLOBALS g_Tm;

typedef struct _TM_SENSOR_EXTENSION {
    BOOLEAN         IsControlDevice;    // must be first in both extensions
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  LowerDevice;
    UNICODE_STRING  InterfaceName;
    IO_REMOVE_LOCK  RemoveLock;
    ULONG           SensorIndex;
    volatile LONG   LastMilliCelsius;
    KTIMER          SampleTimer;
    KDPC            SampleDpc;
    BOOLEAN         TimerArmed;
} TM_SENSOR_EXTENSION, *PTM_SENSOR_EXTENSION;

typedef struct _TM_CONTROL_EXTENSION {
    BOOLEAN         IsControlDevice;
} TM_CONTROL_EXTENSION, *PTM_CONTROL_EXTENSION;

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TmUnload;

//
// etw.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
TmRegisterProvider(
    _Inout_ PTM_GLOBALS Tm
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
TmUnregisterProvider(
    _Inout_ PTM_GLOBALS Tm
    );

VOID
TmEtwWriteReading(
    _In_ ULONG SensorIndex,
    _In_ LONG MilliCelsius
    );

//
// wmi.c
//
VOID
TmInitializeWmiLib(
    _Out_ PWMILIB_CONTEXT WmiLib
    );

DRIVER_DISPATCH TmDispatchSystemControl;

VOID
TmRecordReading(
    _In_ LONG MilliCelsius
    );

//
// wmi.c (sensor FDOs)
//
DRIVER_ADD_DEVICE TmAddDevice;
DRIVER_DISPATCH TmDispatchPnp;
DRIVER_DISPATCH TmDispatchPower;
DRIVER_DISPATCH TmDispatchCreateClose;
