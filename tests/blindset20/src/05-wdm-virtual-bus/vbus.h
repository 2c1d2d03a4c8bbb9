/*++

Copyright (c) Litware Devices.  All rights reserved.

Module Name:

    vbus.h

Abstract:

    Virtual sensor bus: a root-enumerated WDM bus driver.  Its FDO
    accepts plug-in / unplug requests from a user-mode simulator and
    enumerates one raw-capable child PDO per simulated sensor.

Environment:

    Kernel mode only.

--*/

#pragma once

#include <ntddk.h>
#include <wdmguid.h>
#include <initguid.h>
#include <ntstrsafe.h>

#define VBUS_TAG                    'suBV'
#define VBUS_TAG_STRING             'rtSV'
#define VBUS_TAG_RELATIONS          'leRV'
#define VBUS_TAG_BITMAP             'tiBV'

//
// Address handed to IoAllocateDriverObjectExtension.  Any unique
// pointer works; the address of a driver function is the customary one.
//
#define VBUS_DRIVER_EXTENSION_KEY   ((PVOID)DriverEntry)

#define VBUS_MAX_SERIALS            1024
#define VBUS_DEFAULT_MAX_CHILDREN   16
#define VBUS_HARDWARE_ID_CCH        64

//
// {8E3AE1C2-7A0B-4E61-B2E4-5D0C7E9C1A23}
//
DEFINE_GUID(GUID_DEVINTERFACE_VBUS,
    0x8e3ae1c2, 0x7a0b, 0x4e61, 0xb2, 0xe4, 0x5d, 0x0c, 0x7e, 0x9c, 0x1a, 0x23);

//
// {2B1F7F7E-3C64-47B9-9C5E-0A1D2E3F4B5C}
//
DEFINE_GUID(GUID_BUS_TYPE_VBUS,
    0x2b1f7f7e, 0x3c64, 0x47b9, 0x9c, 0x5e, 0x0a, 0x1d, 0x2e, 0x3f, 0x4b, 0x5c);

#define FILE_DEVICE_VBUS            0x8F00
#define IOCTL_VBUS_PLUGIN_SENSOR    CTL_CODE(FILE_DEVICE_VBUS, 0x100, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_VBUS_UNPLUG_SENSOR    CTL_CODE(FILE_DEVICE_VBUS, 0x101, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _VBUS_PLUGIN_REQUEST {
    ULONG   Size;
    ULONG   SensorKind;                         // vendor-defined
    WCHAR   HardwareId[VBUS_HARDWARE_ID_CCH];   // e.g. L"VBUS\\Thermo"
} VBUS_PLUGIN_REQUEST, *PVBUS_PLUGIN_REQUEST;

typedef struct _VBUS_UNPLUG_REQUEST {
    ULONG   Size;
    ULONG   SerialNo;
} VBUS_UNPLUG_REQUEST, *PVBUS_UNPLUG_REQUEST;

//
// Tracing.
//
#if DBG
#define VBUS_KDPRINT(_level, _x)                                            \
    do {                                                                    \
        if ((_level) <= VBusDebugLevel) {                                   \
            DbgPrint("vbus: ");                                             \
            DbgPrint _x;                                                    \
        }                                                                   \
    } while (0)
#else
#define VBUS_KDPRINT(_level, _x) ((void)0)
#endif

#define VBUS_ERROR  1
#define VBUS_WARN   2
#define VBUS_INFO   3
#define VBUS_TRACE  4

extern ULONG VBusDebugLevel;

//
// Driver-wide state, stored in the driver object extension.
//
typedef struct _VBUS_DRIVER_EXTENSION {
    UNICODE_STRING  RegistryPath;           // private copy
    WCHAR           ParametersPath[256];
    ULONG           MaxChildren;

    //
    // Serial numbers are unique across all bus instances.
    //
    FAST_MUTEX      SerialLock;
    RTL_BITMAP      SerialBitmap;
    PULONG          SerialBitmapBuffer;
} VBUS_DRIVER_EXTENSION, *PVBUS_DRIVER_EXTENSION;

//
// Device extensions.  Both start with the common header so dispatch
// routines can tell FDOs from PDOs.
//
typedef enum _VBUS_PNP_STATE {
    VBusNotStarted = 0,
    VBusStarted,
    VBusStopPending,
    VBusStopped,
    VBusRemovePending,
    VBusSurpriseRemovePending,
    VBusDeleted
} VBUS_PNP_STATE;

typedef struct _VBUS_COMMON_EXTENSION {
    BOOLEAN             IsFdo;
    PDEVICE_OBJECT      Self;
    VBUS_PNP_STATE      DevicePnPState;
    VBUS_PNP_STATE      PreviousPnPState;
    SYSTEM_POWER_STATE  SystemPowerState;
    DEVICE_POWER_STATE  DevicePowerState;
} VBUS_COMMON_EXTENSION, *PVBUS_COMMON_EXTENSION;

typedef struct _VBUS_FDO_EXTENSION {
    VBUS_COMMON_EXTENSION   Common;
    PDEVICE_OBJECT          UnderlyingPdo;
    PDEVICE_OBJECT          NextLowerDriver;
    IO_REMOVE_LOCK          RemoveLock;
    UNICODE_STRING          InterfaceName;

    FAST_MUTEX              ChildLock;      // protects ChildList / ChildCount
    LIST_ENTRY              ChildList;
    ULONG                   ChildCount;
} VBUS_FDO_EXTENSION, *PVBUS_FDO_EXTENSION;

typedef struct _VBUS_PDO_EXTENSION {
    VBUS_COMMON_EXTENSION   Common;
    PDEVICE_OBJECT          ParentFdo;
    LIST_ENTRY              Link;
    ULONG                   SerialNo;
    ULONG                   SensorKind;
    BOOLEAN                 Present;        // FALSE once unplugged
    BOOLEAN                 ReportedMissing;
    WCHAR                   HardwareId[VBUS_HARDWARE_ID_CCH];
} VBUS_PDO_EXTENSION, *PVBUS_PDO_EXTENSION;

FORCEINLINE
VOID
VBusSetNewPnpState(
    _Inout_ PVBUS_COMMON_EXTENSION Common,
    _In_ VBUS_PNP_STATE NewState
    )
{
    Common->PreviousPnPState = Common->DevicePnPState;
    Common->DevicePnPState = NewState;
}

FORCEINLINE
VOID
VBusRestorePnpState(
    _Inout_ PVBUS_COMMON_EXTENSION Common
    )
{
    Common->DevicePnPState = Common->PreviousPnPState;
}

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VBusUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_CLEANUP)
DRIVER_DISPATCH VBusDispatchCreateClose;

DRIVER_DISPATCH VBusDispatchUnsupported;

_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL)
DRIVER_DISPATCH VBusDispatchSystemControl;

_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH VBusDispatchPnp;

PVBUS_DRIVER_EXTENSION
VBusGetDriverExtension(
    _In_ PDRIVER_OBJECT DriverObject
    );

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
VBusAllocateSerial(
    _In_ PDRIVER_OBJECT DriverObject,
    _Out_ PULONG SerialNo
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
VBusFreeSerial(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ ULONG SerialNo
    );

//
// fdo.c
//
DRIVER_ADD_DEVICE VBusAddDevice;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH VBusDispatchDeviceControl;

NTSTATUS
VBusFdoPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpStack,
    _In_ PVBUS_FDO_EXTENSION FdoData
    );

//
// pdo.c
//
NTSTATUS
VBusPdoPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpStack,
    _In_ PVBUS_PDO_EXTENSION PdoData
    );

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
VBusCreatePdo(
    _In_ PVBUS_FDO_EXTENSION FdoData,
    _In_ PVBUS_PLUGIN_REQUEST Request,
    _Out_ PULONG SerialNo
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
VBusDestroyPdo(
    _In_ PDEVICE_OBJECT Pdo
    );

//
// power.c
//
_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH VBusDispatchPower;
