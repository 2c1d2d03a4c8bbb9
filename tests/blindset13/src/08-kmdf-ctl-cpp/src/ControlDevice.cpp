//
// ControlDevice.cpp - a non-PnP control device object so a user-mode tool can
// talk to the driver without any hardware behind it.
//
#include "ControlDevice.h"

namespace kctl {

WDFDEVICE ControlDevice::s_device = nullptr;

void ControlDevice::OnFileCreate(WDFDEVICE Device, WDFREQUEST Request, WDFFILEOBJECT)
{
    auto ctx = GetControlContext(Device);
    WdfSpinLockAcquire(ctx->Lock);
    ctx->Counters.Opens++;
    WdfSpinLockRelease(ctx->Lock);
    WdfRequestComplete(Request, STATUS_SUCCESS);
}

void ControlDevice::OnDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                                    size_t InputBufferLength, ULONG IoControlCode)
{
    auto ctx = GetControlContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    WdfSpinLockAcquire(ctx->Lock);
    ctx->Counters.Requests++;
    WdfSpinLockRelease(ctx->Lock);

    switch (IoControlCode) {
    case IOCTL_KCTL_ECHO: {
        PVOID in = nullptr, out = nullptr;
        size_t len = InputBufferLength < OutputBufferLength ? InputBufferLength : OutputBufferLength;
        if (len == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = WdfRequestRetrieveInputBuffer(Request, len, &in, nullptr);
        if (NT_SUCCESS(status)) {
            status = WdfRequestRetrieveOutputBuffer(Request, len, &out, nullptr);
        }
        if (NT_SUCCESS(status)) {
            // METHOD_BUFFERED: in and out are the same system buffer
            if (in != out) {
                RtlMoveMemory(out, in, len);
            }
            info = len;
            WdfSpinLockAcquire(ctx->Lock);
            ctx->Counters.BytesEchoed += static_cast<ULONG>(len);
            WdfSpinLockRelease(ctx->Lock);
        }
        break;
    }
    case IOCTL_KCTL_GET_STATS: {
        Stats* out = nullptr;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(Stats), reinterpret_cast<PVOID*>(&out), nullptr);
        if (NT_SUCCESS(status)) {
            WdfSpinLockAcquire(ctx->Lock);
            *out = ctx->Counters;
            WdfSpinLockRelease(ctx->Lock);
            info = sizeof(Stats);
        }
        break;
    }
    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

NTSTATUS ControlDevice::CreateQueue(WDFDEVICE Device)
{
    WDF_IO_QUEUE_CONFIG config;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&config, WdfIoQueueDispatchSequential);
    config.EvtIoDeviceControl = OnDeviceControl;
    return WdfIoQueueCreate(Device, &config, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
}

NTSTATUS ControlDevice::Create(WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(sddl, L"D:P(A;;GA;;;SY)(A;;GA;;;BA)");
    UNICODE_STRING name, link;
    RtlInitUnicodeString(&name, kDeviceName);
    RtlInitUnicodeString(&link, kLinkName);

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &sddl);
    if (init == nullptr) {
        KCTL_LOG("WdfControlDeviceInitAllocate failed%s", "");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    NTSTATUS status = WdfDeviceInitAssignName(init, &name);
    if (!NT_SUCCESS(status)) {
        KCTL_LOG("WdfDeviceInitAssignName 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_FILEOBJECT_CONFIG fileConfig;
    WDF_FILEOBJECT_CONFIG_INIT(&fileConfig, OnFileCreate, WDF_NO_EVENT_CALLBACK, WDF_NO_EVENT_CALLBACK);
    WdfDeviceInitSetFileObjectConfig(init, &fileConfig, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, ControlContext);

    WDFDEVICE device;
    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KCTL_LOG("WdfDeviceCreate 0x%08X", status);
        return status;
    }
    s_device = device;

    auto ctx = GetControlContext(device);
    RtlZeroMemory(&ctx->Counters, sizeof(ctx->Counters));

    WDF_OBJECT_ATTRIBUTES lockAttributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&lockAttributes);
    lockAttributes.ParentObject = device;
    status = WdfSpinLockCreate(&lockAttributes, &ctx->Lock);
    if (!NT_SUCCESS(status)) {
        KCTL_LOG("WdfSpinLockCreate 0x%08X", status);
        Destroy();
        return status;
    }

    status = CreateQueue(device);
    if (!NT_SUCCESS(status)) {
        KCTL_LOG("WdfIoQueueCreate 0x%08X", status);
        Destroy();
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &link);
    if (!NT_SUCCESS(status)) {
        // The tool can still open \Device\KmdfCtl through NtCreateFile, so
        // a missing DOS name is not worth failing the load over.
        KCTL_LOG("WdfDeviceCreateSymbolicLink 0x%08X, continuing", status);
        return STATUS_SUCCESS;
    }

    WdfControlFinishInitializing(device);
    return STATUS_SUCCESS;
}

void ControlDevice::Destroy()
{
    if (s_device != nullptr) {
        WdfObjectDelete(s_device);
        s_device = nullptr;
    }
}

} // namespace kctl
