// MultiPipe - creates NUM_PIPES devices \Device\MPipe0..3 with links \??\MPipe0..3
// each one is a tiny in-memory buffer (read back what you wrote)

#include <ntddk.h>
#include <ntstrsafe.h>
#include "12-multi-pipe.h"

static PDEVICE_OBJECT g_Pipes[NUM_PIPES];

static BOOLEAN MakeNames(ULONG idx, PUNICODE_STRING Dev, PWCHAR DevBuf, PUNICODE_STRING Link, PWCHAR LinkBuf)
{
    if (!NT_SUCCESS(RtlStringCchPrintfW(DevBuf, 32, L"\\Device\\MPipe%u", idx)))
        return FALSE;
    if (!NT_SUCCESS(RtlStringCchPrintfW(LinkBuf, 32, L"\\??\\MPipe%u", idx)))
        return FALSE;
    RtlInitUnicodeString(Dev, DevBuf);
    RtlInitUnicodeString(Link, LinkBuf);
    return TRUE;
}

static NTSTATUS PipeCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS PipeReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PPIPE_EXT ext = (PPIPE_EXT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG n;

    if (sp->MajorFunction == IRP_MJ_WRITE) {
        n = min(sp->Parameters.Write.Length, (ULONG)PIPE_BUF);
        RtlCopyMemory(ext->Data, Irp->AssociatedIrp.SystemBuffer, n);
        ext->Used = n;
    } else {
        n = min(sp->Parameters.Read.Length, ext->Used);
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, ext->Data, n);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = n;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID PipeUnload(PDRIVER_OBJECT DriverObject)
{
    ULONG i;
    UNREFERENCED_PARAMETER(DriverObject);

    for (i = 0; i < NUM_PIPES; i++) {
        if (g_Pipes[i] != NULL) {
            PPIPE_EXT ext = (PPIPE_EXT)g_Pipes[i]->DeviceExtension;
            IoDeleteSymbolicLink(&ext->Link);
            IoDeleteDevice(g_Pipes[i]);
            g_Pipes[i] = NULL;
        }
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;
    WCHAR devBuf[32];
    UNICODE_STRING devName;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PipeCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PipeCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = PipeReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = PipeReadWrite;
    DriverObject->DriverUnload = PipeUnload;

    for (i = 0; i < NUM_PIPES; i++) {
        PDEVICE_OBJECT dev = NULL;
        PPIPE_EXT ext;
        UNICODE_STRING tmpLink;
        WCHAR linkBuf[32];

        if (!MakeNames(i, &devName, devBuf, &tmpLink, linkBuf)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }

        status = IoCreateDevice(DriverObject, sizeof(PIPE_EXT), &devName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
        if (!NT_SUCCESS(status)) {
            KdPrint(("MultiPipe: IoCreateDevice %u failed %08x\n", i, status));
            break;
        }

        ext = (PPIPE_EXT)dev->DeviceExtension;
        RtlZeroMemory(ext, sizeof(PIPE_EXT));
        ext->Index = i;
        RtlCopyMemory(ext->LinkBuf, linkBuf, sizeof(linkBuf));
        RtlInitUnicodeString(&ext->Link, ext->LinkBuf);

        status = IoCreateSymbolicLink(&ext->Link, &devName);
        if (!NT_SUCCESS(status)) {
            IoDeleteDevice(dev);
            break;
        }

        dev->Flags |= DO_BUFFERED_IO;
        dev->Flags &= ~DO_DEVICE_INITIALIZING;
        g_Pipes[i] = dev;
    }

    return status;
}
