#include "hello.h"

PDEVICE_OBJECT g_HelloDevice = NULL;
UNICODE_STRING g_HelloLink;
BOOLEAN        g_LinkCreated = FALSE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     HelloUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   HelloCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   HelloIoctl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, HelloUnload)
#pragma alloc_text(PAGE, HelloCreateClose)
#pragma alloc_text(PAGE, HelloIoctl)
#endif

NTSTATUS HelloCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS HelloIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PHELLO_EXT ext = (PHELLO_EXT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status;
    ULONG_PTR info = 0;

    PAGED_CODE();

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_HELLO_SET_MSG:
        status = HelloSetMessage(ext, (PCSTR)buf, sp->Parameters.DeviceIoControl.InputBufferLength);
        break;
    case IOCTL_HELLO_GET_MSG:
        info = HelloGetMessage(ext, (PCHAR)buf, sp->Parameters.DeviceIoControl.OutputBufferLength);
        status = STATUS_SUCCESS;
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

static VOID HelloCleanup(VOID)
{
    if (g_LinkCreated) {
        IoDeleteSymbolicLink(&g_HelloLink);
        g_LinkCreated = FALSE;
    }

    if (g_HelloDevice) {
        PHELLO_EXT ext = (PHELLO_EXT)g_HelloDevice->DeviceExtension;
        if (ext->Message) {
            ExFreePoolWithTag(ext->Message, HELLO_TAG);
            ext->Message = NULL;
        }
        IoDeleteDevice(g_HelloDevice);
        g_HelloDevice = NULL;
    }
}

VOID HelloUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    HelloCleanup();
    HLOG("goodbye");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING ntName;
    PHELLO_EXT ext;

    UNREFERENCED_PARAMETER(RegistryPath);
    HLOG("hello world!");

    RtlInitUnicodeString(&ntName, HELLO_NT_NAME);
    RtlInitUnicodeString(&g_HelloLink, HELLO_DOS_NAME);

    status = IoCreateDevice(DriverObject, sizeof(HELLO_EXT), &ntName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_HelloDevice);
    if (!NT_SUCCESS(status)) {
        HLOG("IoCreateDevice failed %08x", status);
        g_HelloDevice = NULL;
        goto cleanup;
    }

    ext = (PHELLO_EXT)g_HelloDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ExInitializeFastMutex(&ext->Lock);

    ext->Message = (PCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, HELLO_BUF_SIZE, HELLO_TAG);
    if (!ext->Message) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto cleanup;
    }
    RtlCopyMemory(ext->Message, "hi there", 8);
    ext->MessageLen = 8;

    status = IoCreateSymbolicLink(&g_HelloLink, &ntName);
    if (!NT_SUCCESS(status)) {
        HLOG("IoCreateSymbolicLink failed %08x", status);
        goto cleanup;
    }
    g_LinkCreated = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = HelloCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HelloCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HelloIoctl;
    DriverObject->DriverUnload = HelloUnload;

    g_HelloDevice->Flags |= DO_BUFFERED_IO;
    g_HelloDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    HLOG("device ready");
    return STATUS_SUCCESS;

cleanup:
    HelloCleanup();
    return status;
}
