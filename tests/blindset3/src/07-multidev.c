/* multidev.c - creates 4 "channel" devices \Device\Chan0..3 with links
 * each channel is a tiny ring buffer that user mode can write/read.
 * exercise from a driver-dev course (week 3)
 */
#include <ntddk.h>
#include <ntstrsafe.h>

#define NUM_CHANNELS 4
#define CHAN_BUF     4096

typedef struct _CHANNEL {
    ULONG  Index;
    ULONG  Used;
    UNICODE_STRING Link;
    WCHAR  LinkBuf[32];
    UCHAR  Data[CHAN_BUF];
} CHANNEL, *PCHANNEL;

PDEVICE_OBJECT g_Devices[NUM_CHANNELS];

NTSTATUS ChanCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS ChanReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PCHANNEL ch = (PCHANNEL)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    ULONG len;

    if (sl->MajorFunction == IRP_MJ_WRITE) {
        len = min(sl->Parameters.Write.Length, CHAN_BUF);
        RtlCopyMemory(ch->Data, Irp->AssociatedIrp.SystemBuffer, len);
        ch->Used = len;
    } else {
        len = min(sl->Parameters.Read.Length, ch->Used);
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, ch->Data, len);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = len;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID ChanUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    for (ULONG i = 0; i < NUM_CHANNELS; i++) {
        if (g_Devices[i]) {
            PCHANNEL ch = (PCHANNEL)g_Devices[i]->DeviceExtension;
            IoDeleteSymbolicLink(&ch->Link);
            IoDeleteDevice(g_Devices[i]);
            g_Devices[i] = NULL;
        }
    }
    DbgPrint("multidev: unloaded\n");
}

static NTSTATUS CreateChannel(PDRIVER_OBJECT DriverObject, ULONG Index)
{
    NTSTATUS status;
    WCHAR nameBuf[32];
    UNICODE_STRING name;
    PDEVICE_OBJECT dev;
    PCHANNEL ch;

    RtlStringCbPrintfW(nameBuf, sizeof(nameBuf), L"\\Device\\Chan%u", Index);
    RtlInitUnicodeString(&name, nameBuf);

    status = IoCreateDevice(DriverObject, sizeof(CHANNEL), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status))
        return status;

    ch = (PCHANNEL)dev->DeviceExtension;
    RtlZeroMemory(ch, sizeof(*ch));
    ch->Index = Index;
    RtlStringCbPrintfW(ch->LinkBuf, sizeof(ch->LinkBuf), L"\\??\\Chan%u", Index);
    RtlInitUnicodeString(&ch->Link, ch->LinkBuf);

    status = IoCreateSymbolicLink(&ch->Link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(dev);
        return status;
    }

    dev->Flags |= DO_BUFFERED_IO;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;
    g_Devices[Index] = dev;
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ChanCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = ChanCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]   = ChanReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE]  = ChanReadWrite;
    DriverObject->DriverUnload = ChanUnload;

    for (ULONG i = 0; i < NUM_CHANNELS; i++) {
        status = CreateChannel(DriverObject, i);
        if (!NT_SUCCESS(status)) {
            DbgPrint("multidev: channel %u failed: 0x%08X\n", i, status);
            return status;
        }
    }

    DbgPrint("multidev: %d channels ready\n", NUM_CHANNELS);
    return STATUS_SUCCESS;
}
