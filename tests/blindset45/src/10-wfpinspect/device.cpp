// device.cpp - KMDF control device and its stats IOCTL.
#include "wfpi.h"

namespace wfpi {

WFPI_STATS g_Stats = {};

namespace device {
namespace {

WDFDEVICE s_Device = nullptr;

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;

void EvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request,
                        _In_ size_t OutputBufferLength, _In_ size_t InputBufferLength,
                        _In_ ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_WFPI_GET_STATS) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    PWFPI_STATS out = nullptr;
    NTSTATUS status = WdfRequestRetrieveOutputBuffer(Request, sizeof(WFPI_STATS),
                                                     reinterpret_cast<PVOID*>(&out), nullptr);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    out->Packets     = InterlockedCompareExchange64(&g_Stats.Packets, 0, 0);
    out->Bytes       = InterlockedCompareExchange64(&g_Stats.Bytes, 0, 0);
    out->OwnInjected = InterlockedCompareExchange64(&g_Stats.OwnInjected, 0, 0);
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(WFPI_STATS));
}

} // anonymous namespace

NTSTATUS Create(_In_ WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(devName, WFPI_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, WFPI_LINK_NAME);

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetDeviceType(init, FILE_DEVICE_NETWORK);
    WdfDeviceInitSetCharacteristics(init, FILE_DEVICE_SECURE_OPEN, FALSE);

    NTSTATUS status = WdfDeviceInitAssignName(init, &devName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    WDFDEVICE dev = nullptr;
    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &dev);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }
    // from here on the device owns everything; deleting it undoes the rest

    status = WdfDeviceCreateSymbolicLink(dev, &linkName);
    if (NT_SUCCESS(status)) {
        WDF_IO_QUEUE_CONFIG qc;
        WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchParallel);
        qc.EvtIoDeviceControl = EvtIoDeviceControl;
        status = WdfIoQueueCreate(dev, &qc, WDF_NO_OBJECT_ATTRIBUTES, nullptr);
    }
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(dev);
        return status;
    }

    WdfControlFinishInitializing(dev);
    s_Device = dev;
    return STATUS_SUCCESS;
}

void Delete()
{
    if (s_Device != nullptr) {
        WdfObjectDelete(s_Device);
        s_Device = nullptr;
    }
}

PDEVICE_OBJECT Wdm()
{
    return WdfDeviceWdmGetDeviceObject(s_Device);
}

} // namespace device
} // namespace wfpi
