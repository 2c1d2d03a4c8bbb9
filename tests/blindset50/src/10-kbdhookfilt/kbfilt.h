//
// kbfilt.h - keyboard statistics filter (KMDF upper filter under kbdclass)
//
// Counts make codes per scan code for the "heatmap" tool, which reads the
// table through a sideband control device.
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <kbdmou.h>
#include <ntddkbd.h>
#include <wdmsec.h>
}

#define KBF_TAG                 'fbKH'
#define KBF_CONTROL_NAME        L"\\Device\\KbdHeatCtl"
#define KBF_CONTROL_LINK        L"\\DosDevices\\KbdHeat"
#define KBF_SCANCODES           256

#define IOCTL_KBHEAT_GET_TABLE  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KBHEAT_RESET      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x831, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define KBF_LOG(fmt, ...)       DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "kbheat: " fmt "\n", __VA_ARGS__)
#define KBF_ERR(fmt, ...)       DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kbheat: " fmt "\n", __VA_ARGS__)

struct KBF_CONTEXT {
    WDFDEVICE       Device;
    CONNECT_DATA    UpperConnect;
    BOOLEAN         Connected;
    WDFSPINLOCK     TableLock;
    WDFMEMORY       TableMemory;    // KBF_SCANCODES ULONG counters
    PULONG          Table;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(KBF_CONTEXT, KbfGetContext)

namespace kbheat
{
    class Filter
    {
    public:
        static EVT_WDF_DRIVER_DEVICE_ADD                    EvtDeviceAdd;
        static EVT_WDF_OBJECT_CONTEXT_CLEANUP               EvtDeviceCleanup;
        static EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL  EvtInternalIoctl;

        static VOID ServiceCallback(PDEVICE_OBJECT DeviceObject, PKEYBOARD_INPUT_DATA Start,
                                    PKEYBOARD_INPUT_DATA End, PULONG Consumed);

        static WDFCOLLECTION    s_Devices;
        static WDFWAITLOCK      s_DevicesLock;
    };

    class Control
    {
    public:
        static NTSTATUS Create(_In_ WDFDRIVER Driver);
        static WDFDEVICE Detach();     // caller deletes it, outside s_DevicesLock
        static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoctl;

        static WDFDEVICE s_Device;
    };
}
