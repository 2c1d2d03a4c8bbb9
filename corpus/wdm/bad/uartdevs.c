/*
 * uartdevs.c (bad) - the same eight-channel UART driver. Its cleanup loop
 * deletes every channel's device, but only the later failures jump to it:
 * when a channel's IoCreateDevice fails, DriverEntry returns at once, and the
 * devices of the channels before it stay behind with no unload routine to
 * delete them (DE006; only a note before, since a loop that deletes devices
 * was somewhere in the function: the path never runs it).
 */

#include <ntddk.h>
#include <ntstrsafe.h>

#define UD_CHANNELS 8
#define UD_TAG 'vDdU'

typedef struct _UD_CHANNEL {
    ULONG Index;
    ULONG BaudRate;
} UD_CHANNEL, *PUD_CHANNEL;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD UdUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH UdCreateClose;

static PDEVICE_OBJECT UdDevices[UD_CHANNELS];

NTSTATUS
UdCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
UdUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link;
    ULONG i;

    UNREFERENCED_PARAMETER(DriverObject);
    RtlInitUnicodeString(&link, L"\\DosDevices\\UartCfg");
    IoDeleteSymbolicLink(&link);
    for (i = 0; i < UD_CHANNELS; i++) {
        IoDeleteDevice(UdDevices[i]);
        UdDevices[i] = NULL;
    }
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    WCHAR nameBuffer[32];
    UNICODE_STRING name, link;
    PUD_CHANNEL channel;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i < UD_CHANNELS; i++) {
        status = RtlStringCbPrintfW(nameBuffer, sizeof(nameBuffer), L"\\Device\\Uart%lu", i);
        if (!NT_SUCCESS(status)) {
            goto Cleanup;
        }
        RtlInitUnicodeString(&name, nameBuffer);
        status = IoCreateDevice(DriverObject, sizeof(UD_CHANNEL), &name, FILE_DEVICE_SERIAL_PORT,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &UdDevices[i]);
        if (!NT_SUCCESS(status)) {
            KdPrint(("uartdevs: channel %lu: IoCreateDevice failed %08x\n", i, status));
            return status;                              // expect: DE006
        }
        channel = UdDevices[i]->DeviceExtension;
        channel->Index = i;
        channel->BaudRate = 115200;
        UdDevices[i]->Flags &= ~DO_DEVICE_INITIALIZING;
    }

    RtlInitUnicodeString(&name, L"\\Device\\Uart0");
    RtlInitUnicodeString(&link, L"\\DosDevices\\UartCfg");
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = UdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = UdCreateClose;
    DriverObject->DriverUnload = UdUnload;
    return STATUS_SUCCESS;

Cleanup:
    for (i = 0; i < UD_CHANNELS; i++) {
        if (UdDevices[i] != NULL) {
            IoDeleteDevice(UdDevices[i]);
            UdDevices[i] = NULL;
        }
    }
    return status;
}
