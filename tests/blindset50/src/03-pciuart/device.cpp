//
// device.cpp - device setup, hardware, interrupt and I/O paths
//
#include "uart.h"
#include <ntstrsafe.h>
#include <initguid.h>
extern "C" {
#include <ntddser.h>
}

LONG PciUart::Device::s_Instance = 0;

namespace
{
    // keep the naming in one place, the SERIALCOMM value uses it too
    NTSTATUS MakeDeviceName(PWCHAR Buffer, size_t Cch, ULONG Index)
    {
        return RtlStringCchPrintfW(Buffer, Cch, L"\\Device\\PciUart%u", Index);
    }
}

NTSTATUS
PciUart::Device::EvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    UNREFERENCED_PARAMETER(Driver);

    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = EvtPrepareHardware;
    pnp.EvtDeviceReleaseHardware = EvtReleaseHardware;
    pnp.EvtDeviceD0Entry         = EvtD0Entry;
    pnp.EvtDeviceD0Exit          = EvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_SERIAL_PORT);
    WdfDeviceInitSetExclusive(DeviceInit, TRUE);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WCHAR nameBuf[32];
    ULONG index = (ULONG)InterlockedIncrement(&s_Instance) - 1;
    NTSTATUS status = MakeDeviceName(nameBuf, RTL_NUMBER_OF(nameBuf), index);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING devName;
    RtlInitUnicodeString(&devName, nameBuf);
    status = WdfDeviceInitAssignName(DeviceInit, &devName);
    if (!NT_SUCCESS(status)) {
        UART_ERR("WdfDeviceInitAssignName 0x%08X", status);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES attrs;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attrs, UART_CONTEXT);
    attrs.EvtCleanupCallback = EvtContextCleanup;

    WDFDEVICE device;
    status = WdfDeviceCreate(&DeviceInit, &attrs, &device);
    if (!NT_SUCCESS(status)) {
        UART_ERR("WdfDeviceCreate 0x%08X", status);
        return status;
    }

    UART_CONTEXT* ctx = UartGetContext(device);
    ctx->Device   = device;
    ctx->BaudRate = 115200;
    RtlStringCchCopyW(ctx->DeviceName, RTL_NUMBER_OF(ctx->DeviceName), nameBuf);

    WDF_INTERRUPT_CONFIG icfg;
    WDF_INTERRUPT_CONFIG_INIT(&icfg, EvtIsr, EvtDpc);
    status = WdfInterruptCreate(device, &icfg, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Interrupt);
    if (!NT_SUCCESS(status)) {
        UART_ERR("WdfInterruptCreate 0x%08X", status);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
    attrs.ParentObject = device;
    WdfSpinLockCreate(&attrs, &ctx->RxLock);

    WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
    attrs.ParentObject = device;
    status = WdfMemoryCreate(&attrs, NonPagedPoolNx, UART_TAG, UART_RX_RING_SIZE,
                             &ctx->RxMemory, (PVOID*)&ctx->RxBuffer);
    if (!NT_SUCCESS(status)) {
        UART_ERR("WdfMemoryCreate 0x%08X", status);
        return status;
    }
    ctx->RxHead = ctx->RxTail = 0;

    WDF_IO_QUEUE_CONFIG qcfg;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qcfg, WdfIoQueueDispatchSequential);
    qcfg.EvtIoRead          = EvtIoRead;
    qcfg.EvtIoWrite         = EvtIoWrite;
    qcfg.EvtIoDeviceControl = EvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &qcfg, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        UART_ERR("WdfIoQueueCreate 0x%08X", status);
        return status;
    }

    status = PublishPort(ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_COMPORT, nullptr);
    if (!NT_SUCCESS(status)) {
        UART_ERR("WdfDeviceCreateDeviceInterface 0x%08X", status);
    }
    return status;
}

NTSTATUS
PciUart::Device::PublishPort(UART_CONTEXT* ctx)
{
    WDFKEY key;
    NTSTATUS status = WdfDeviceOpenRegistryKey(ctx->Device, PLUGPLAY_REGKEY_DEVICE, KEY_READ,
                                               WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        UART_ERR("open device key 0x%08X", status);
        return status;
    }

    DECLARE_CONST_UNICODE_STRING(valueName, L"PortName");
    UNICODE_STRING port;
    RtlInitEmptyUnicodeString(&port, ctx->PortName, sizeof(ctx->PortName) - sizeof(WCHAR));
    status = WdfRegistryQueryUnicodeString(key, &valueName, nullptr, &port);
    WdfRegistryClose(key);
    if (!NT_SUCCESS(status)) {
        UART_ERR("no PortName 0x%08X", status);
        return status;
    }
    ctx->PortName[port.Length / sizeof(WCHAR)] = UNICODE_NULL;

    WCHAR linkBuf[48];
    status = RtlStringCchPrintfW(linkBuf, RTL_NUMBER_OF(linkBuf), L"\\DosDevices\\%ws", ctx->PortName);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    UNICODE_STRING link;
    RtlInitUnicodeString(&link, linkBuf);

    // symbolic link is owned by the framework, it goes away with the device
    status = WdfDeviceCreateSymbolicLink(ctx->Device, &link);
    if (!NT_SUCCESS(status)) {
        UART_ERR("WdfDeviceCreateSymbolicLink 0x%08X", status);
        return status;
    }

    status = RtlWriteRegistryValue(RTL_REGISTRY_DEVICEMAP, L"SERIALCOMM", ctx->DeviceName,
                                   REG_SZ, ctx->PortName,
                                   (ULONG)((wcslen(ctx->PortName) + 1) * sizeof(WCHAR)));
    if (NT_SUCCESS(status)) {
        ctx->SerialCommWritten = TRUE;
    } else {
        UART_ERR("SERIALCOMM write 0x%08X", status);
    }
    return status;
}

void
PciUart::Device::EvtContextCleanup(_In_ WDFOBJECT Object)
{
    UART_CONTEXT* ctx = UartGetContext(Object);

    if (ctx->SerialCommWritten) {
        RtlDeleteRegistryValue(RTL_REGISTRY_DEVICEMAP, L"SERIALCOMM", ctx->DeviceName);
        ctx->SerialCommWritten = FALSE;
    }

    if (ctx->RxBuffer != nullptr) {
        ExFreePoolWithTag(ctx->RxBuffer, UART_TAG);
        ctx->RxBuffer = nullptr;
    }
    UART_LOG("cleanup %ws", ctx->DeviceName);
}

NTSTATUS
PciUart::Device::EvtPrepareHardware(_In_ WDFDEVICE Device, _In_ WDFCMRESLIST Raw, _In_ WDFCMRESLIST Translated)
{
    UNREFERENCED_PARAMETER(Raw);
    UART_CONTEXT* ctx = UartGetContext(Device);

    for (ULONG i = 0; i < WdfCmResourceListGetCount(Translated); i++) {
        PCM_PARTIAL_RESOURCE_DESCRIPTOR d = WdfCmResourceListGetDescriptor(Translated, i);
        if (d->Type == CmResourceTypeMemory && ctx->Regs == nullptr) {
            ctx->Regs = (PUCHAR)MmMapIoSpaceEx(d->u.Memory.Start, d->u.Memory.Length,
                                               PAGE_READWRITE | PAGE_NOCACHE);
            if (ctx->Regs == nullptr) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            ctx->RegsLength = d->u.Memory.Length;
        }
    }
    return ctx->Regs ? STATUS_SUCCESS : STATUS_DEVICE_CONFIGURATION_ERROR;
}

NTSTATUS
PciUart::Device::EvtReleaseHardware(_In_ WDFDEVICE Device, _In_ WDFCMRESLIST Translated)
{
    UNREFERENCED_PARAMETER(Translated);
    UART_CONTEXT* ctx = UartGetContext(Device);
    if (ctx->Regs) {
        MmUnmapIoSpace(ctx->Regs, ctx->RegsLength);
        ctx->Regs = nullptr;
    }
    return STATUS_SUCCESS;
}

void
PciUart::Device::SetBaud(UART_CONTEXT* ctx, ULONG baud)
{
    USHORT div = (USHORT)(UART_CLOCK / (16 * baud));
    UCHAR lcr = Rd(ctx, REG_LCR);
    Wr(ctx, REG_LCR, lcr | LCR_DLAB);
    Wr(ctx, REG_RBR_THR, (UCHAR)(div & 0xFF));
    Wr(ctx, REG_IER, (UCHAR)(div >> 8));
    Wr(ctx, REG_LCR, lcr & ~LCR_DLAB);
    ctx->BaudRate = baud;
}

NTSTATUS
PciUart::Device::EvtD0Entry(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE Prev)
{
    UNREFERENCED_PARAMETER(Prev);
    UART_CONTEXT* ctx = UartGetContext(Device);
    Wr(ctx, REG_LCR, 0x03);             // 8N1
    SetBaud(ctx, ctx->BaudRate);
    Wr(ctx, REG_IIR_FCR, 0x07);         // enable + clear FIFOs
    Wr(ctx, REG_MCR, MCR_OUT2);
    Wr(ctx, REG_IER, IER_RDA);
    return STATUS_SUCCESS;
}

NTSTATUS
PciUart::Device::EvtD0Exit(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE Target)
{
    UNREFERENCED_PARAMETER(Target);
    UART_CONTEXT* ctx = UartGetContext(Device);
    Wr(ctx, REG_IER, 0);
    Wr(ctx, REG_MCR, 0);
    return STATUS_SUCCESS;
}

BOOLEAN
PciUart::Device::EvtIsr(_In_ WDFINTERRUPT Interrupt, _In_ ULONG MessageId)
{
    UNREFERENCED_PARAMETER(MessageId);
    UART_CONTEXT* ctx = UartGetContext(WdfInterruptGetDevice(Interrupt));

    if (Rd(ctx, REG_IIR_FCR) & IIR_NO_INT) {
        return FALSE;
    }
    while ((Rd(ctx, REG_LSR) & LSR_DR) && ctx->IsrCount < UART_ISR_FIFO) {
        ctx->IsrFifo[ctx->IsrCount++] = Rd(ctx, REG_RBR_THR);
    }
    WdfInterruptQueueDpcForIsr(Interrupt);
    return TRUE;
}

void
PciUart::Device::EvtDpc(_In_ WDFINTERRUPT Interrupt, _In_ WDFOBJECT Object)
{
    UART_CONTEXT* ctx = UartGetContext(Object);
    UCHAR local[UART_ISR_FIFO];
    ULONG n;

    WdfInterruptAcquireLock(Interrupt);
    n = ctx->IsrCount;
    RtlCopyMemory(local, ctx->IsrFifo, n);
    ctx->IsrCount = 0;
    WdfInterruptReleaseLock(Interrupt);

    WdfSpinLockAcquire(ctx->RxLock);
    for (ULONG i = 0; i < n; i++) {
        ULONG next = (ctx->RxHead + 1) % UART_RX_RING_SIZE;
        if (next == ctx->RxTail) break;     // ring full, drop
        ctx->RxBuffer[ctx->RxHead] = local[i];
        ctx->RxHead = next;
    }
    WdfSpinLockRelease(ctx->RxLock);
}

void
PciUart::Device::EvtIoRead(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    UART_CONTEXT* ctx = UartGetContext(WdfIoQueueGetDevice(Queue));
    PUCHAR out;
    size_t got = 0;

    NTSTATUS status = WdfRequestRetrieveOutputBuffer(Request, 1, (PVOID*)&out, nullptr);
    if (NT_SUCCESS(status)) {
        WdfSpinLockAcquire(ctx->RxLock);
        while (got < Length && ctx->RxTail != ctx->RxHead) {
            out[got++] = ctx->RxBuffer[ctx->RxTail];
            ctx->RxTail = (ctx->RxTail + 1) % UART_RX_RING_SIZE;
        }
        WdfSpinLockRelease(ctx->RxLock);
    }
    WdfRequestCompleteWithInformation(Request, status, got);
}

void
PciUart::Device::EvtIoWrite(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    UART_CONTEXT* ctx = UartGetContext(WdfIoQueueGetDevice(Queue));
    PUCHAR in;
    size_t sent = 0;

    NTSTATUS status = WdfRequestRetrieveInputBuffer(Request, 1, (PVOID*)&in, nullptr);
    if (NT_SUCCESS(status)) {
        for (; sent < Length; sent++) {
            ULONG spins = 0;
            while (!(Rd(ctx, REG_LSR) & LSR_THRE) && ++spins < 100000) {
                KeStallExecutionProcessor(1);
            }
            Wr(ctx, REG_RBR_THR, in[sent]);
        }
    }
    WdfRequestCompleteWithInformation(Request, status, sent);
}

void
PciUart::Device::EvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request,
                                    _In_ size_t OutLen, _In_ size_t InLen, _In_ ULONG Code)
{
    UNREFERENCED_PARAMETER(OutLen);
    UNREFERENCED_PARAMETER(InLen);
    UART_CONTEXT* ctx = UartGetContext(WdfIoQueueGetDevice(Queue));
    PSERIAL_BAUD_RATE br;
    NTSTATUS status;
    ULONG_PTR info = 0;

    switch (Code) {
    case IOCTL_SERIAL_SET_BAUD_RATE:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(*br), (PVOID*)&br, nullptr);
        if (NT_SUCCESS(status)) {
            if (br->BaudRate == 0 || br->BaudRate > UART_CLOCK / 16) {
                status = STATUS_INVALID_PARAMETER;
            } else {
                WdfInterruptAcquireLock(ctx->Interrupt);
                SetBaud(ctx, br->BaudRate);
                WdfInterruptReleaseLock(ctx->Interrupt);
            }
        }
        break;
    case IOCTL_SERIAL_GET_BAUD_RATE:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(*br), (PVOID*)&br, nullptr);
        if (NT_SUCCESS(status)) {
            br->BaudRate = ctx->BaudRate;
            info = sizeof(*br);
        }
        break;
    default:
        status = STATUS_NOT_SUPPORTED;
        break;
    }
    WdfRequestCompleteWithInformation(Request, status, info);
}
