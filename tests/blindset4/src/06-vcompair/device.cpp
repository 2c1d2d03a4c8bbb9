/*
 * device.cpp - one framework device per virtual port.
 */
#include <ntddk.h>
#include <initguid.h>      /* GUID_DEVINTERFACE_COMPORT is instantiated here */
#include "vcom.h"

NTSTATUS
VcomPort::Initialize()
{
    WDF_OBJECT_ATTRIBUTES attributes;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = m_device;
    return WdfSpinLockCreate(&attributes, &m_lock);
}

void
VcomPort::Push(const UCHAR* data, size_t length, VCOM_PORT_STATS* stats)
{
    KSpinLockGuard guard(m_lock);

    for (size_t i = 0; i < length; i++) {
        ULONG next = (m_head + 1) % VCOM_RING_BYTES;
        if (next == m_tail) {
            stats->Overruns++;
            break;
        }
        m_ring[m_head] = data[i];
        m_head = next;
    }
    stats->BytesWritten += length;
}

size_t
VcomPort::Pop(UCHAR* data, size_t length)
{
    KSpinLockGuard guard(m_lock);
    size_t n = 0;

    while (n < length && m_tail != m_head) {
        data[n++] = m_ring[m_tail];
        m_tail = (m_tail + 1) % VCOM_RING_BYTES;
    }
    return n;
}

void
VcomPort::ServiceReads()
{
    WDFREQUEST request;
    PUCHAR buffer;
    size_t length;

    while (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(m_readQueue, &request))) {
        if (!NT_SUCCESS(WdfRequestRetrieveOutputBuffer(request, 1, (PVOID*)&buffer, &length))) {
            WdfRequestComplete(request, STATUS_INVALID_PARAMETER);
            continue;
        }
        size_t n = Pop(buffer, length);
        VcomGetDriver()->Stats(m_slot)->BytesRead += n;
        WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, n);
        if (n == 0) {
            break;
        }
    }
}

NTSTATUS
VcomEvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES   attributes;
    WDF_IO_QUEUE_CONFIG     queueConfig;
    WDFDEVICE               device;
    WDFQUEUE                queue;
    VcomDriver*             drv = VcomGetDriverContext(Driver)->Impl;
    NTSTATUS                status;

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_SERIAL_PORT);
    WdfDeviceInitSetExclusive(DeviceInit, TRUE);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, VCOM_DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = VcomEvtDeviceCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    VCOM_DEVICE_CONTEXT* ctx = VcomGetDeviceContext(device);
    ctx->Port = new (POOL_FLAG_NON_PAGED, VCOM_TAG) VcomPort(device);
    if (ctx->Port == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ctx->Port->Initialize();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_COMPORT, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoWrite = VcomEvtIoWrite;
    queueConfig.EvtIoDeviceControl = VcomEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ctx->Port->SetReadQueue(queue);

    status = WdfDeviceConfigureRequestDispatching(device, queue, WdfRequestTypeRead);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return drv->AttachPort(ctx->Port);
}

VOID
VcomEvtDeviceCleanup(_In_ WDFOBJECT Object)
{
    VCOM_DEVICE_CONTEXT* ctx = VcomGetDeviceContext((WDFDEVICE)Object);

    if (ctx->Port != nullptr) {
        VcomGetDriver()->DetachPort(ctx->Port);
        delete ctx->Port;
        ctx->Port = nullptr;
    }
}
