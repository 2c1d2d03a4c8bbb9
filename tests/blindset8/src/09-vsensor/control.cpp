// control.cpp - the injection control device.

#include "vsensor.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VsCreateControlDevice)
#endif

_Use_decl_annotations_
NTSTATUS
VsCreateControlDevice(
    WDFDRIVER  Driver,
    WDFDEVICE* ControlDevice
    )
{
    PAGED_CODE();

    *ControlDevice = nullptr;

    vs::unique_device_init init{
        WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R) };
    if (!init) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    DECLARE_CONST_UNICODE_STRING(name, VS_CONTROL_NAME);
    VS_RETURN_IF_FAILED(WdfDeviceInitAssignName(init.get(), &name));

    WdfDeviceInitSetIoType(init.get(), WdfDeviceIoBuffered);
    WdfDeviceInitSetExclusive(init.get(), TRUE);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);

    // WdfDeviceCreate takes ownership of the init structure only when it
    // succeeds; on failure our holder frees it.
    PWDFDEVICE_INIT raw = init.get();
    WDFDEVICE device;
    VS_RETURN_IF_FAILED(WdfDeviceCreate(&raw, &attributes, &device));
    init.release();

    vs::unique_wdf_object deviceHolder{ device };

    DECLARE_CONST_UNICODE_STRING(link, VS_CONTROL_LINK);
    VS_RETURN_IF_FAILED(WdfDeviceCreateSymbolicLink(device, &link));

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = VsEvtControlIoctl;
    VS_RETURN_IF_FAILED(WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE));

    *ControlDevice = static_cast<WDFDEVICE>(deviceHolder.release());
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
VsEvtControlIoctl(
    WDFQUEUE   Queue,
    WDFREQUEST Request,
    size_t     OutputBufferLength,
    size_t     InputBufferLength,
    ULONG      IoControlCode
    )
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    NTSTATUS status = STATUS_SUCCESS;
    size_t info = 0;

    switch (IoControlCode) {
    case IOCTL_VS_INJECT_READING: {
        LONG* value;
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(LONG), reinterpret_cast<PVOID*>(&value), nullptr);
        if (NT_SUCCESS(status)) {
            WdfSpinLockAcquire(g_Vs.ReadingLock);
            g_Vs.Current.MilliCelsius = *value;
            g_Vs.Current.Sequence++;
            g_Vs.Injected = TRUE;
            WdfSpinLockRelease(g_Vs.ReadingLock);
        }
        break;
    }
    case IOCTL_VS_CLEAR_INJECTED:
        WdfSpinLockAcquire(g_Vs.ReadingLock);
        g_Vs.Injected = FALSE;
        WdfSpinLockRelease(g_Vs.ReadingLock);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
