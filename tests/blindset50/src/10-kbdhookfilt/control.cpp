//
// control.cpp - sideband control device for the heatmap tool
//
#include "kbfilt.h"

using namespace kbheat;

WDFDEVICE Control::s_Device = nullptr;

NTSTATUS
Control::Create(_In_ WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(ntName,  KBF_CONTROL_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, KBF_CONTROL_LINK);
    WDFDEVICE control = nullptr;
    NTSTATUS status;

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        KBF_ERR("WdfDeviceInitAssignName 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &control);
    if (!NT_SUCCESS(status)) {
        KBF_ERR("WdfDeviceCreate(control) 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    // from here on the device object owns everything, deleting it is enough
    status = WdfDeviceCreateSymbolicLink(control, &dosName);
    if (!NT_SUCCESS(status)) {
        KBF_ERR("WdfDeviceCreateSymbolicLink 0x%08X", status);
        WdfObjectDelete(control);
        return status;
    }

    WDF_IO_QUEUE_CONFIG qcfg;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qcfg, WdfIoQueueDispatchSequential);
    qcfg.EvtIoDeviceControl = EvtIoctl;

    WDF_OBJECT_ATTRIBUTES qattrs;
    WDF_OBJECT_ATTRIBUTES_INIT(&qattrs);
    qattrs.ExecutionLevel = WdfExecutionLevelPassive;   // EvtIoctl takes the wait lock

    status = WdfIoQueueCreate(control, &qcfg, &qattrs, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KBF_ERR("WdfIoQueueCreate(control) 0x%08X", status);
        WdfObjectDelete(control);
        return status;
    }

    WdfControlFinishInitializing(control);
    s_Device = control;
    KBF_LOG("control device ready", 0);
    return STATUS_SUCCESS;
}

WDFDEVICE
Control::Detach()
{
    WDFDEVICE dev = s_Device;
    s_Device = nullptr;
    return dev;
}

VOID
Control::EvtIoctl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request,
                  _In_ size_t OutLen, _In_ size_t InLen, _In_ ULONG Code)
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutLen);
    UNREFERENCED_PARAMETER(InLen);

    PULONG out = nullptr;
    ULONG_PTR info = 0;
    NTSTATUS status = STATUS_SUCCESS;

    auto forEachKeyboard = [](auto&& fn) {
        WdfWaitLockAcquire(Filter::s_DevicesLock, nullptr);
        for (ULONG i = 0, n = WdfCollectionGetCount(Filter::s_Devices); i < n; i++) {
            fn(KbfGetContext(WdfCollectionGetItem(Filter::s_Devices, i)));
        }
        WdfWaitLockRelease(Filter::s_DevicesLock);
    };

    switch (Code) {
    case IOCTL_KBHEAT_GET_TABLE:
        status = WdfRequestRetrieveOutputBuffer(Request, KBF_SCANCODES * sizeof(ULONG),
                                                (PVOID*)&out, nullptr);
        if (!NT_SUCCESS(status)) break;
        RtlZeroMemory(out, KBF_SCANCODES * sizeof(ULONG));
        forEachKeyboard([out](KBF_CONTEXT* ctx) {
            WdfSpinLockAcquire(ctx->TableLock);
            for (ULONG s = 0; s < KBF_SCANCODES; s++) out[s] += ctx->Table[s];
            WdfSpinLockRelease(ctx->TableLock);
        });
        info = KBF_SCANCODES * sizeof(ULONG);
        break;

    case IOCTL_KBHEAT_RESET:
        forEachKeyboard([](KBF_CONTEXT* ctx) {
            WdfSpinLockAcquire(ctx->TableLock);
            RtlZeroMemory(ctx->Table, KBF_SCANCODES * sizeof(ULONG));
            WdfSpinLockRelease(ctx->TableLock);
        });
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    WdfRequestCompleteWithInformation(Request, status, info);
}
