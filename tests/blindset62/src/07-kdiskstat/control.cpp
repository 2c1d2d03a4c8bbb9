//
// control.cpp - the \\.\KDiskStat control device
//
#include "kdiskstat.h"

using namespace kds;

NTSTATUS
ControlDevice::Create(
    WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(ntName, KDS_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, KDS_DOS_NAME);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PWDFDEVICE_INIT init;
    WDFDEVICE control = nullptr;
    NTSTATUS status;

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        KDS_DBG("WdfControlDeviceInitAllocate failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        KDS_DBG("WdfDeviceInitAssignName failed 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);

    status = WdfDeviceCreate(&init, &attributes, &control);
    if (!NT_SUCCESS(status)) {
        KDS_DBG("control WdfDeviceCreate failed 0x%08X", status);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(control, &dosName);
    if (!NT_SUCCESS(status)) {
        KDS_DBG("WdfDeviceCreateSymbolicLink failed 0x%08X", status);
        goto fail;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = ControlDevice::EvtIoDeviceControl;

    status = WdfIoQueueCreate(control, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KDS_DBG("control WdfIoQueueCreate failed 0x%08X", status);
        goto fail;
    }

    WdfControlFinishInitializing(control);
    g.Control = control;
    KDS_DBG("control device up");
    return STATUS_SUCCESS;

fail:
    WdfObjectDelete(control);
    return status;
}

void
ControlDevice::Delete()
{
    if (g.Control != nullptr) {
        WdfObjectDelete(g.Control);
        g.Control = nullptr;
        KDS_DBG("control device gone");
    }
}

VOID
ControlDevice::EvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_KDS_GET_TOTALS) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    KDS_TOTALS* out = nullptr;
    NTSTATUS status = WdfRequestRetrieveOutputBuffer(Request, sizeof(KDS_TOTALS),
                                                     reinterpret_cast<PVOID*>(&out), nullptr);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    *out = g.Totals;
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(KDS_TOTALS));
}
