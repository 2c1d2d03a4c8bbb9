// hello.c
// My first "real" driver: a device that keeps a small message buffer.
// User mode writes a string with IOCTL_HELLO_SET and reads it back with
// IOCTL_HELLO_GET (or ReadFile). Following along the OSR tutorials.

#include <ntddk.h>

#define HELLO_TAG        'lleH'
#define HELLO_BUF_SIZE   512

#define IOCTL_HELLO_SET  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_HELLO_GET  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_DATA)

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HelloUnload;
DRIVER_DISPATCH HelloCreateClose;
DRIVER_DISPATCH HelloRead;
DRIVER_DISPATCH HelloIoctl;

static UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\HelloDrv");
static UNICODE_STRING g_SymLink    = RTL_CONSTANT_STRING(L"\\DosDevices\\HelloDrv");

static PCHAR      g_Message = NULL;
static ULONG      g_MessageLen = 0;
static FAST_MUTEX g_MessageLock;

NTSTATUS HelloCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    KdPrint(("hello: %s\n",
        IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_CREATE ? "open" : "close"));

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS HelloRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG length = stack->Parameters.Read.Length;
    ULONG copied = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    ExAcquireFastMutex(&g_MessageLock);
    copied = min(length, g_MessageLen);
    if (copied > 0) {
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, g_Message, copied);
    }
    ExReleaseFastMutex(&g_MessageLock);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = copied;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS HelloIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG inLen = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode)
    {
    case IOCTL_HELLO_SET:
        if (inLen == 0 || inLen > HELLO_BUF_SIZE) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        ExAcquireFastMutex(&g_MessageLock);
        RtlCopyMemory(g_Message, buffer, inLen);
        g_MessageLen = inLen;
        ExReleaseFastMutex(&g_MessageLock);
        KdPrint(("hello: stored %lu bytes\n", inLen));
        break;

    case IOCTL_HELLO_GET:
        ExAcquireFastMutex(&g_MessageLock);
        if (outLen < g_MessageLen) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            RtlCopyMemory(buffer, g_Message, g_MessageLen);
            info = g_MessageLen;
        }
        ExReleaseFastMutex(&g_MessageLock);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID HelloUnload(PDRIVER_OBJECT DriverObject)
{
    KdPrint(("hello: unloading\n"));

    IoDeleteSymbolicLink(&g_SymLink);
    IoDeleteDevice(DriverObject->DeviceObject);

    if (g_Message != NULL) {
        ExFreePoolWithTag(g_Message, HELLO_TAG);
        g_Message = NULL;
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;
    PDEVICE_OBJECT deviceObject = NULL;
    BOOLEAN linkCreated = FALSE;

    UNREFERENCED_PARAMETER(RegistryPath);

    KdPrint(("hello: DriverEntry, built %s %s\n", __DATE__, __TIME__));

    ExInitializeFastMutex(&g_MessageLock);

    g_Message = (PCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, HELLO_BUF_SIZE, HELLO_TAG);
    if (g_Message == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto cleanup;
    }
    RtlZeroMemory(g_Message, HELLO_BUF_SIZE);
    RtlCopyMemory(g_Message, "hello from kernel", sizeof("hello from kernel"));
    g_MessageLen = sizeof("hello from kernel");

    status = IoCreateDevice(DriverObject,
                            0,
                            &g_DeviceName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        KdPrint(("hello: IoCreateDevice failed (0x%08X)\n", status));
        goto cleanup;
    }

    status = IoCreateSymbolicLink(&g_SymLink, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("hello: IoCreateSymbolicLink failed (0x%08X)\n", status));
        goto cleanup;
    }
    linkCreated = TRUE;

    deviceObject->Flags |= DO_BUFFERED_IO;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = HelloCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = HelloCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]           = HelloRead;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HelloIoctl;
    DriverObject->DriverUnload = HelloUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    KdPrint(("hello: ready\n"));
    return STATUS_SUCCESS;

cleanup:
    if (linkCreated) {
        IoDeleteSymbolicLink(&g_SymLink);
    }
    if (deviceObject != NULL) {
        IoDeleteDevice(deviceObject);
    }
    if (g_Message != NULL) {
        ExFreePoolWithTag(g_Message, HELLO_TAG);
        g_Message = NULL;
    }
    return status;
}
