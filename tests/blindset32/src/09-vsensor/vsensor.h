// vsensor.h - shared definitions for the VSensor KMDF function driver
// (virtual telemetry sensor exposed by platform firmware as ACPI\VSNS0001).

#pragma once

#include <ntddk.h>
#include <wdf.h>

// {3e6d2a1c-7f34-4b8e-b2c1-55d9a0c7e410}
DEFINE_GUID(GUID_DEVINTERFACE_VSENSOR,
    0x3e6d2a1c, 0x7f34, 0x4b8e, 0xb2, 0xc1, 0x55, 0xd9, 0xa0, 0xc7, 0xe4, 0x10);

#define VS_POOL_TAG                 'sneV'
#define VS_DEFAULT_SAMPLE_SIZE      256
#define VS_MAX_SAMPLE_SIZE          4096
#define VS_DEFAULT_MAX_DEVICES      4

#define IOCTL_VSENSOR_READ_SAMPLE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

#define VS_TRACE(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "VSensor: " fmt "\n", __VA_ARGS__)
#define VS_ERROR(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "VSensor: " fmt "\n", __VA_ARGS__)

//
// InitFlags bits: which non-WDF resources in the driver context are live.
// WDF objects are parented to the WDFDRIVER and need no bookkeeping.
//
#define VS_INIT_POWER_CB_OBJECT      0x00000001
#define VS_INIT_POWER_CB_REGISTERED  0x00000002

typedef struct _VS_DRIVER_CONTEXT {
    // configuration (Parameters key)
    ULONG               SampleSize;
    ULONG               MaxDevices;

    // WDF objects, parent = WDFDRIVER
    WDFWAITLOCK         DeviceListLock;
    WDFCOLLECTION       Devices;
    WDFLOOKASIDE        SampleLookaside;

    // \Callback\PowerState registration
    PCALLBACK_OBJECT    PowerCallbackObject;
    PVOID               PowerCallbackHandle;
    volatile LONG       SystemSleeping;

    ULONG               InitFlags;
} VS_DRIVER_CONTEXT, *PVS_DRIVER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VS_DRIVER_CONTEXT, VsGetDriverContext)

typedef struct _VS_DEVICE_CONTEXT {
    WDFDEVICE   Device;
    BOOLEAN     InDeviceList;
    ULONG       SequenceNumber;
} VS_DEVICE_CONTEXT, *PVS_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VS_DEVICE_CONTEXT, VsGetDeviceContext)

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_OBJECT_CONTEXT_CLEANUP VsEvtDriverContextCleanup;

//
// config.c
//
NTSTATUS VsLoadConfiguration(_In_ WDFDRIVER Driver, _Inout_ PVS_DRIVER_CONTEXT Ctx);
NTSTATUS VsCreateDriverObjects(_In_ WDFDRIVER Driver, _Inout_ PVS_DRIVER_CONTEXT Ctx);

//
// power.c
//
NTSTATUS VsRegisterPowerStateCallback(_Inout_ PVS_DRIVER_CONTEXT Ctx);
VOID     VsUnregisterPowerStateCallback(_Inout_ PVS_DRIVER_CONTEXT Ctx);

//
// device.c
//
EVT_WDF_DRIVER_DEVICE_ADD VsEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP VsEvtDeviceContextCleanup;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL VsEvtIoDeviceControl;
