//
// vcomport - loopback virtual COM port (KMDF).
// Whatever is written to COMx can be read back from COMx. Good enough for
// poking at terminal programs without a null-modem cable.
//
#include <initguid.h>
#include "vcom.h"

using namespace vcom;

volatile LONG Driver::s_InstanceCount = 0;

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS          status;

    VCOM_INFO("DriverEntry (%s %s)", __DATE__, __TIME__);

    WDF_DRIVER_CONFIG_INIT(&config, Driver::OnDeviceAdd);
    config.DriverPoolTag = 'mocV';

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        VCOM_ERROR("WdfDriverCreate 0x%08X", status);
    }
    return status;
}

NTSTATUS
Driver::OnDeviceAdd(
    _In_    WDFDRIVER       DriverHandle,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    UNREFERENCED_PARAMETER(DriverHandle);

    NTSTATUS        status;
    WDFDEVICE       device;
    DECLARE_UNICODE_STRING_SIZE(devName, VCOM_NAME_CCH);

    const ULONG instance = static_cast<ULONG>(InterlockedIncrement(&s_InstanceCount)) - 1;

    // serial ports need a kernel name for the SERIALCOMM device map
    status = RtlUnicodeStringPrintf(&devName, L"\\Device\\VCom%u", instance);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WdfDeviceInitAssignName(DeviceInit, &devName);
    if (!NT_SUCCESS(status)) {
        VCOM_ERROR("WdfDeviceInitAssignName 0x%08X", status);
        return status;
    }

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_SERIAL_PORT);
    WdfDeviceInitSetExclusive(DeviceInit, TRUE);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES attrs;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attrs, VCOM_DEVICE_CONTEXT);
    attrs.EvtCleanupCallback = Driver::OnDeviceCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attrs, &device);
    if (!NT_SUCCESS(status)) {
        VCOM_ERROR("WdfDeviceCreate 0x%08X", status);
        return status;
    }

    auto ctx = VComGetContext(device);
    ctx->Device   = device;
    ctx->Instance = instance;
    ctx->BaudRate = 9600;
    RtlStringCchCopyNW(ctx->DeviceName, VCOM_NAME_CCH, devName.Buffer, devName.Length / sizeof(WCHAR));

    ctx->Ring = RingBuffer::Create(VCOM_RING_SIZE);
    if (ctx->Ring == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WDF_OBJECT_ATTRIBUTES lockAttrs;
    WDF_OBJECT_ATTRIBUTES_INIT(&lockAttrs);
    lockAttrs.ParentObject = device;
    status = WdfSpinLockCreate(&lockAttrs, &ctx->RingLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_COMPORT, nullptr);
    if (!NT_SUCCESS(status)) {
        VCOM_ERROR("WdfDeviceCreateDeviceInterface 0x%08X", status);
        WdfObjectDelete(device);
        return status;
    }

    status = CreateQueues(device, ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PublishPortName(device, ctx);
    if (!NT_SUCCESS(status)) {
        VCOM_ERROR("PublishPortName 0x%08X", status);
        return status;
    }

    VCOM_INFO("%ws -> %ws ready", ctx->DeviceName, ctx->PortName);
    return STATUS_SUCCESS;
}

NTSTATUS
Driver::CreateQueues(
    WDFDEVICE            Device,
    VCOM_DEVICE_CONTEXT* Ctx
    )
{
    WDF_IO_QUEUE_CONFIG qc;
    NTSTATUS            status;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
    qc.EvtIoRead          = io::OnRead;
    qc.EvtIoWrite         = io::OnWrite;
    qc.EvtIoDeviceControl = io::OnDeviceControl;

    status = WdfIoQueueCreate(Device, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        VCOM_ERROR("default queue 0x%08X", status);
        return status;
    }

    // reads with nothing to return park here until a write shows up
    WDF_IO_QUEUE_CONFIG_INIT(&qc, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(Device, &qc, WDF_NO_OBJECT_ATTRIBUTES, &Ctx->PendingReads);
    if (!NT_SUCCESS(status)) {
        VCOM_ERROR("read queue 0x%08X", status);
    }
    return status;
}

NTSTATUS
Driver::PublishPortName(
    WDFDEVICE            Device,
    VCOM_DEVICE_CONTEXT* Ctx
    )
{
    NTSTATUS       status;
    WDFKEY         key = nullptr;
    DECLARE_CONST_UNICODE_STRING(valueName, L"PortName");
    DECLARE_UNICODE_STRING_SIZE(portName, VCOM_NAME_CCH);
    DECLARE_UNICODE_STRING_SIZE(linkName, VCOM_NAME_CCH + 16);

    // the Ports class installer writes PortName into the device key
    status = WdfDeviceOpenRegistryKey(Device, PLUGPLAY_REGKEY_DEVICE, KEY_QUERY_VALUE,
                                      WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (NT_SUCCESS(status)) {
        status = WdfRegistryQueryUnicodeString(key, &valueName, nullptr, &portName);
        WdfRegistryClose(key);
    }
    if (!NT_SUCCESS(status)) {
        // fall back to something sane
        status = RtlUnicodeStringPrintf(&portName, L"COM%u", 20 + Ctx->Instance);
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }
    RtlStringCchCopyNW(Ctx->PortName, VCOM_NAME_CCH, portName.Buffer, portName.Length / sizeof(WCHAR));

    status = RtlUnicodeStringPrintf(&linkName, L"\\DosDevices\\%ws", Ctx->PortName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // framework removes the link when the device goes away
    status = WdfDeviceCreateSymbolicLink(Device, &linkName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = RtlWriteRegistryValue(RTL_REGISTRY_DEVICEMAP, L"SERIALCOMM",
                                   Ctx->DeviceName, REG_SZ, Ctx->PortName,
                                   (ULONG)((wcslen(Ctx->PortName) + 1) * sizeof(WCHAR)));
    if (NT_SUCCESS(status)) {
        Ctx->DeviceMapWritten = TRUE;
    }
    return status;
}

VOID
Driver::OnDeviceCleanup(
    _In_ WDFOBJECT Object
    )
{
    auto ctx = VComGetContext(static_cast<WDFDEVICE>(Object));

    // queues, lock and symbolic link are children of the device and go with it
    if (ctx->DeviceMapWritten) {
        RtlDeleteRegistryValue(RTL_REGISTRY_DEVICEMAP, L"SERIALCOMM", ctx->DeviceName);
        ctx->DeviceMapWritten = FALSE;
    }

    VCOM_INFO("cleanup %ws", ctx->DeviceName);
}
