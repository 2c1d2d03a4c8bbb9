//
// filter.h - mouse acceleration filter (KMDF upper filter under mouclass)
//
// Sits on top of mouhid, hooks the class service callback on
// IOCTL_INTERNAL_MOUSE_CONNECT and scales relative motion. A sideband
// control device lets the tray app change the curve at runtime.
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <kbdmou.h>
#include <ntddmou.h>
#include <wdmsec.h>
}

#define MA_TAG                  'lcAM'
#define MA_CONTROL_NAME         L"\\Device\\MouAccelCtl"
#define MA_CONTROL_LINK         L"\\DosDevices\\MouAccel"

#define IOCTL_MOUACCEL_SET_FACTOR  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_MOUACCEL_GET_FACTOR  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)

#define MA_PRINT(lvl, fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl, "[mouaccel] " fmt "\n", __VA_ARGS__)
#define MA_INFO(fmt, ...)       MA_PRINT(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)
#define MA_ERROR(fmt, ...)      MA_PRINT(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

// factor is fixed point 8.8, 0x100 == 1.0
union MA_FACTOR {
    LONG Raw;
    struct {
        USHORT Fraction;
        SHORT  Whole;
    } Parts;
};

struct FILTER_CONTEXT {
    WDFDEVICE       Device;
    CONNECT_DATA    UpperConnect;       // mouclass service callback
    BOOLEAN         Connected;
    ULONG           Packets;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FILTER_CONTEXT, FilterGetContext)

namespace mouaccel
{
    struct Globals
    {
        static WDFCOLLECTION    FilterDevices;
        static WDFWAITLOCK      FilterLock;
        static WDFDEVICE        ControlDevice;
        static volatile LONG    Factor;
    };

    EVT_WDF_DRIVER_DEVICE_ADD               EvtDeviceAdd;
    EVT_WDF_OBJECT_CONTEXT_CLEANUP          EvtFilterCleanup;
    EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL EvtInternalIoctl;
    EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL      EvtControlIoctl;

    NTSTATUS CreateControlDevice(_In_ WDFDEVICE FilterDevice);
    VOID     DeleteControlDevice();

    VOID ServiceCallback(_In_ PDEVICE_OBJECT DeviceObject,
                         _In_ PMOUSE_INPUT_DATA InputDataStart,
                         _In_ PMOUSE_INPUT_DATA InputDataEnd,
                         _Inout_ PULONG InputDataConsumed);
}
