#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <ntddser.h>
#include <ntstrsafe.h>
#include "ringbuffer.h"

#define VCOM_LOG(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl, "vcom: " fmt "\n", __VA_ARGS__)
#define VCOM_INFO(fmt, ...)  VCOM_LOG(DPFLTR_INFO_LEVEL,  fmt, __VA_ARGS__)
#define VCOM_ERROR(fmt, ...) VCOM_LOG(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

#define VCOM_RING_SIZE      4096
#define VCOM_NAME_CCH       32

struct VCOM_DEVICE_CONTEXT
{
    WDFDEVICE               Device;
    ULONG                   Instance;

    vcom::RingBuffer*       Ring;
    WDFSPINLOCK             RingLock;
    WDFQUEUE                PendingReads;

    ULONG                   BaudRate;
    SERIAL_TIMEOUTS         Timeouts;

    BOOLEAN                 DeviceMapWritten;
    WCHAR                   DeviceName[VCOM_NAME_CCH];
    WCHAR                   PortName[VCOM_NAME_CCH];
};

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VCOM_DEVICE_CONTEXT, VComGetContext)

namespace vcom {

class Driver
{
public:
    static EVT_WDF_DRIVER_DEVICE_ADD        OnDeviceAdd;
    static EVT_WDF_OBJECT_CONTEXT_CLEANUP   OnDeviceCleanup;

private:
    static NTSTATUS CreateQueues(WDFDEVICE Device, VCOM_DEVICE_CONTEXT* Ctx);
    static NTSTATUS PublishPortName(WDFDEVICE Device, VCOM_DEVICE_CONTEXT* Ctx);

    static volatile LONG s_InstanceCount;
};

namespace io {
    EVT_WDF_IO_QUEUE_IO_READ            OnRead;
    EVT_WDF_IO_QUEUE_IO_WRITE           OnWrite;
    EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL  OnDeviceControl;
}

} // namespace vcom

extern "C" DRIVER_INITIALIZE DriverEntry;
