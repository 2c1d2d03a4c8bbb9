//
// control.cpp - \\.\UsbUartCtl, global statistics for the diagnostics tool
//
#include "usbuart.h"

NTSTATUS
UartControl::Create(_In_ WDFDRIVER Driver)
{
    NTSTATUS                status;
    PWDFDEVICE_INIT         init;
    WDF_OBJECT_ATTRIBUTES   attributes;
    WDF_IO_QUEUE_CONFIG     queueConfig;
    WDFDEVICE               controlDevice = nullptr;

    DECLARE_CONST_UNICODE_STRING(ntName, UART_CTL_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, UART_CTL_DOS_NAME);

    PAGED_CODE();

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);

    status = WdfDeviceCreate(&init, &attributes, &controlDevice);
    if (!NT_SUCCESS(status)) {
        DBG("control WdfDeviceCreate 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(controlDevice, &dosName);
    if (!NT_SUCCESS(status)) {
        DBG("symbolic link 0x%08X", status);
        WdfObjectDelete(controlDevice);
        return status;
    }

    //
    // Control devices have no power state, the queue must not be power managed.
    //
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;
    queueConfig.PowerManaged       = WdfFalse;

    status = WdfIoQueueCreate(controlDevice, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        DBG("control queue 0x%08X", status);
        WdfObjectDelete(controlDevice);
        return status;
    }

    UartDriver::s_ControlDevice = controlDevice;

    DBG("control device up");
    return STATUS_SUCCESS;
}

VOID
UartControl::Delete()
{
    WDFDEVICE ctl = UartDriver::s_ControlDevice;

    PAGED_CODE();

    if (ctl != nullptr) {
        UartDriver::s_ControlDevice = nullptr;
        WdfObjectDelete(ctl);
    }
}

VOID
UartControl::EvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request,
                                _In_ size_t OutputBufferLength, _In_ size_t InputBufferLength,
                                _In_ ULONG IoControlCode)
{
    NTSTATUS    status = STATUS_INVALID_DEVICE_REQUEST;
    PUART_STATS out = nullptr;
    size_t      info = 0;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode == IOCTL_UARTCTL_GET_STATS) {
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(UART_STATS),
                                                reinterpret_cast<PVOID*>(&out), nullptr);
        if (NT_SUCCESS(status)) {
            out->DevicesPresent = UartDriver::s_Stats.DevicesPresent;
            out->BytesIn        = UartDriver::s_Stats.BytesIn;
            out->BytesOut       = UartDriver::s_Stats.BytesOut;
            out->DisplayOn      = UartDriver::s_Stats.DisplayOn;
            info = sizeof(UART_STATS);
        }
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
