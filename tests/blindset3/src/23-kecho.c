/* kecho - IOCTL echo driver, copies input into a kernel buffer, transforms it
 * (xor 0x5A) into a second buffer and returns it. Exercise 2 of my driver notes.
 */
#include <ntddk.h>

#define ECHO_TAG  'ohcE'
#define ECHO_SIZE 0x1000
#define IOCTL_ECHO CTL_CODE(FILE_DEVICE_UNKNOWN, 0x850, METHOD_BUFFERED, FILE_ANY_ACCESS)

PDEVICE_OBJECT g_EchoDev = NULL;
PUCHAR g_InBuf = NULL;
PUCHAR g_OutBuf = NULL;
FAST_MUTEX g_EchoLock;
UNICODE_STRING g_EchoLink = RTL_CONSTANT_STRING(L"\\??\\KEcho");

NTSTATUS EchoDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    if (sl->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        ULONG inLen = sl->Parameters.DeviceIoControl.InputBufferLength;
        ULONG outLen = sl->Parameters.DeviceIoControl.OutputBufferLength;
        if (sl->Parameters.DeviceIoControl.IoControlCode != IOCTL_ECHO) {
            status = STATUS_INVALID_DEVICE_REQUEST;
        } else if (inLen > ECHO_SIZE || outLen < inLen) {
            status = STATUS_INVALID_BUFFER_SIZE;
        } else {
            ExAcquireFastMutex(&g_EchoLock);
            RtlCopyMemory(g_InBuf, Irp->AssociatedIrp.SystemBuffer, inLen);
            for (ULONG i = 0; i < inLen; i++)
                g_OutBuf[i] = g_InBuf[i] ^ 0x5A;
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, g_OutBuf, inLen);
            ExReleaseFastMutex(&g_EchoLock);
            info = inLen;
        }
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID EchoUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&g_EchoLink);
    IoDeleteDevice(g_EchoDev);
    ExFreePoolWithTag(g_OutBuf, ECHO_TAG);
    ExFreePoolWithTag(g_InBuf, ECHO_TAG);
    DbgPrint("kecho: unloaded\n");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(L"\\Device\\KEcho");

    ExInitializeFastMutex(&g_EchoLock);

    g_InBuf = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, ECHO_SIZE, ECHO_TAG);
    if (!g_InBuf) {
        DbgPrint("kecho: in buffer alloc failed\n");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g_OutBuf = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, ECHO_SIZE, ECHO_TAG);
    if (!g_OutBuf) {
        DbgPrint("kecho: out buffer alloc failed\n");
        ExFreePoolWithTag(g_OutBuf, ECHO_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_EchoDev);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kecho: IoCreateDevice 0x%08X\n", status);
        goto free_bufs;
    }

    status = IoCreateSymbolicLink(&g_EchoLink, &devName);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kecho: IoCreateSymbolicLink 0x%08X\n", status);
        IoDeleteDevice(g_EchoDev);
        goto free_bufs;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = EchoDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = EchoDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = EchoDispatch;
    DriverObject->DriverUnload = EchoUnload;
    g_EchoDev->Flags |= DO_BUFFERED_IO;
    g_EchoDev->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

free_bufs:
    ExFreePoolWithTag(g_OutBuf, ECHO_TAG);
    ExFreePoolWithTag(g_InBuf, ECHO_TAG);
    return status;
}
