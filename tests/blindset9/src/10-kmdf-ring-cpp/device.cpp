#include "ring.h"

namespace ring {

NTSTATUS ControlDevice::Create(WDFDRIVER driver)
{
    DECLARE_CONST_UNICODE_STRING(deviceName, L"\\Device\\KmdfRing");
    DECLARE_CONST_UNICODE_STRING(linkName, L"\\DosDevices\\KmdfRing");

    DeviceInitHolder init(WdfControlDeviceInitAllocate(driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R));
    if (!init) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetIoType(init.Get(), WdfDeviceIoBuffered);

    auto status = WdfDeviceInitAssignName(init.Get(), &deviceName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, RingContext);

    WDFDEVICE device = nullptr;
    PWDFDEVICE_INIT raw = init.Get();
    status = WdfDeviceCreate(&raw, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        RING_LOG("WdfDeviceCreate 0x%08X", status);
        return status;
    }
    init.Release();     // the framework owns it now

    OnExit deleteDevice([&] { WdfObjectDelete(device); });

    auto ctx = GetRing(device);
    ctx->Head = 0;
    ctx->Count = 0;

    WDF_OBJECT_ATTRIBUTES lockAttributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&lockAttributes);
    lockAttributes.ParentObject = device;
    status = WdfSpinLockCreate(&lockAttributes, &ctx->Lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        RING_LOG("WdfDeviceCreateSymbolicLink 0x%08X", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = OnRead;
    queueConfig.EvtIoWrite = OnWrite;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        RING_LOG("WdfIoQueueCreate 0x%08X", status);
        return status;
    }

    WdfControlFinishInitializing(device);
    deleteDevice.Disarm();
    return STATUS_SUCCESS;
}

void ControlDevice::OnRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    auto ctx = GetRing(WdfIoQueueGetDevice(Queue));
    PUCHAR out = nullptr;
    auto status = WdfRequestRetrieveOutputBuffer(Request, 1, reinterpret_cast<PVOID*>(&out), nullptr);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    size_t copied = 0;
    WdfSpinLockAcquire(ctx->Lock);
    while (copied < Length && ctx->Count > 0) {
        out[copied++] = ctx->Data[ctx->Head];
        ctx->Head = (ctx->Head + 1) % kCapacity;
        ctx->Count--;
    }
    WdfSpinLockRelease(ctx->Lock);

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, copied);
}

void ControlDevice::OnWrite(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    auto ctx = GetRing(WdfIoQueueGetDevice(Queue));
    PUCHAR in = nullptr;
    auto status = WdfRequestRetrieveInputBuffer(Request, 1, reinterpret_cast<PVOID*>(&in), nullptr);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    size_t stored = 0;
    WdfSpinLockAcquire(ctx->Lock);
    while (stored < Length && ctx->Count < kCapacity) {
        const size_t tail = (ctx->Head + ctx->Count) % kCapacity;
        ctx->Data[tail] = in[stored++];
        ctx->Count++;
    }
    WdfSpinLockRelease(ctx->Lock);

    // a full ring is not an error, the caller sees a short write
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, stored);
}

} // namespace ring
