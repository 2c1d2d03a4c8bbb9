//
// control.cpp - sideband control device for the tray app
//
#include "filter.h"

using namespace mouaccel;

NTSTATUS
mouaccel::CreateControlDevice(_In_ WDFDEVICE FilterDevice)
{
    DECLARE_CONST_UNICODE_STRING(ntName,  MA_CONTROL_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, MA_CONTROL_LINK);
    WDF_OBJECT_ATTRIBUTES attrs;
    WDF_IO_QUEUE_CONFIG qcfg;
    WDFDEVICE control = nullptr;
    NTSTATUS status;

    MA_INFO("creating control device", 0);

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(WdfDeviceGetDriver(FilterDevice),
                                                        &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        MA_ERROR("WdfDeviceInitAssignName 0x%08X", status);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
    status = WdfDeviceCreate(&init, &attrs, &control);
    if (!NT_SUCCESS(status)) {
        MA_ERROR("WdfDeviceCreate(control) 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(control, &dosName);
    if (!NT_SUCCESS(status)) {
        MA_ERROR("WdfDeviceCreateSymbolicLink 0x%08X", status);
        WdfObjectDelete(control);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qcfg, WdfIoQueueDispatchSequential);
    qcfg.EvtIoDeviceControl = EvtControlIoctl;
    status = WdfIoQueueCreate(control, &qcfg, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        MA_ERROR("WdfIoQueueCreate(control) 0x%08X", status);
        WdfObjectDelete(control);
        return status;
    }

    Globals::ControlDevice = control;
    MA_INFO("control device %p up", control);
    return STATUS_SUCCESS;
}

VOID
mouaccel::DeleteControlDevice()
{
    if (Globals::ControlDevice != nullptr) {
        MA_INFO("deleting control device", 0);
        WdfObjectDelete(Globals::ControlDevice);
        Globals::ControlDevice = nullptr;
    }
}

VOID
mouaccel::EvtControlIoctl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request,
                          _In_ size_t OutLen, _In_ size_t InLen, _In_ ULONG Code)
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutLen);
    UNREFERENCED_PARAMETER(InLen);

    PLONG buf = nullptr;
    ULONG_PTR info = 0;
    NTSTATUS status;

    switch (Code) {
    case IOCTL_MOUACCEL_SET_FACTOR:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(LONG), (PVOID*)&buf, nullptr);
        if (NT_SUCCESS(status)) {
            // clamp to 0.25x .. 4x
            LONG v = *buf;
            if (v < 0x40)  v = 0x40;
            if (v > 0x400) v = 0x400;
            InterlockedExchange(&Globals::Factor, v);
        }
        break;
    case IOCTL_MOUACCEL_GET_FACTOR:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LONG), (PVOID*)&buf, nullptr);
        if (NT_SUCCESS(status)) {
            *buf = Globals::Factor;
            info = sizeof(LONG);
        }
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    WdfRequestCompleteWithInformation(Request, status, info);
}
