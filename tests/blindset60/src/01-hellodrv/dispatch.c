//
// dispatch.c - IRP handlers for hellodrv
//
#include <ntddk.h>
#include "hello.h"
#include "ioctl.h"

#define HELLO_VERSION 0x0102

NTSTATUS
HelloCompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
HelloDispatchNotSupported(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return HelloCompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

NTSTATUS
HelloCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);

    if (stack->MajorFunction == IRP_MJ_CREATE) {
        InterlockedIncrement(&g_OpenCount);
        HELLO_LOG("open (%d handles)\n", g_OpenCount);
    } else {
        InterlockedDecrement(&g_OpenCount);
        HELLO_LOG("close (%d handles)\n", g_OpenCount);
    }
    return HelloCompleteIrp(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
HelloRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG    len = stack->Parameters.Read.Length;
    KIRQL    oldIrql;

    UNREFERENCED_PARAMETER(DeviceObject);

    KeAcquireSpinLock(&g_EchoLock, &oldIrql);
    if (len > g_EchoLength) {
        len = g_EchoLength;
    }
    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, g_EchoBuffer, len);
    KeReleaseSpinLock(&g_EchoLock, oldIrql);

    return HelloCompleteIrp(Irp, STATUS_SUCCESS, len);
}

NTSTATUS
HelloWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG    len = stack->Parameters.Write.Length;
    KIRQL    oldIrql;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (len > HELLO_BUFFER_SIZE) {
        len = HELLO_BUFFER_SIZE;   // just truncate, whatever
    }

    KeAcquireSpinLock(&g_EchoLock, &oldIrql);
    RtlCopyMemory(g_EchoBuffer, Irp->AssociatedIrp.SystemBuffer, len);
    g_EchoLength = len;
    KeReleaseSpinLock(&g_EchoLock, oldIrql);

    HELLO_LOG("got %u bytes\n", len);
    return HelloCompleteIrp(Irp, STATUS_SUCCESS, len);
}

NTSTATUS
HelloDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG      code   = stack->Parameters.DeviceIoControl.IoControlCode;
    ULONG      outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS   status = STATUS_SUCCESS;
    ULONG_PTR  info   = 0;
    KIRQL      oldIrql;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (code) {
    case IOCTL_HELLO_PING:
        HELLO_LOG("pong\n");
        break;

    case IOCTL_HELLO_GET_INFO:
    {
        PHELLO_INFO out = (PHELLO_INFO)Irp->AssociatedIrp.SystemBuffer;
        USHORT copy;

        if (outLen < sizeof(HELLO_INFO)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        RtlZeroMemory(out, sizeof(HELLO_INFO));
        out->Version    = HELLO_VERSION;
        out->OpenCount  = (ULONG)g_OpenCount;
        out->EchoLength = g_EchoLength;

        copy = g_RegistryPath->Length;
        if (copy > sizeof(out->ServiceKey) - sizeof(WCHAR)) {
            copy = sizeof(out->ServiceKey) - sizeof(WCHAR);
        }
        RtlCopyMemory(out->ServiceKey, g_RegistryPath->Buffer, copy);
        info = sizeof(HELLO_INFO);
        break;
    }

    case IOCTL_HELLO_CLEAR:
        KeAcquireSpinLock(&g_EchoLock, &oldIrql);
        RtlZeroMemory(g_EchoBuffer, HELLO_BUFFER_SIZE);
        g_EchoLength = 0;
        KeReleaseSpinLock(&g_EchoLock, oldIrql);
        break;

    default:
        HELLO_LOG("unknown ioctl 0x%08X\n", code);
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    return HelloCompleteIrp(Irp, status, info);
}
