/*
 * memrw - read/write another process' memory through an IOCTL
 * (learning project, do NOT ship this)
 */
#include "memrw.h"

PDEVICE_OBJECT  g_DeviceObject = NULL;
UNICODE_STRING  g_RegPath;
volatile LONG   g_RequestCount = 0;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD MemRwUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH MemRwCreateClose;

NTSTATUS
MemRwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
MemRwUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING symLink;

    UNREFERENCED_PARAMETER(DriverObject);

    LOG("unloading %wZ after %ld requests", &g_RegPath, g_RequestCount);

    RtlInitUnicodeString(&symLink, SYMLINK_NAME);
    IoDeleteSymbolicLink(&symLink);

    if (g_DeviceObject != NULL) {
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
    }
    KdPrint(("memrw: unloaded\n"));
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;
    UNICODE_STRING devName;
    UNICODE_STRING symLink;
    PDEVICE_OBJECT devObj = NULL;

    KdPrint(("memrw: DriverEntry %wZ\n", RegistryPath));

    /* remember who we are, the client asks for it with IOCTL_MEMRW_INFO */
    g_RegPath = *RegistryPath;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = MemRwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = MemRwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = MemRwDeviceControl;
    DriverObject->DriverUnload = MemRwUnload;

    RtlInitUnicodeString(&devName, DEVICE_NAME);
    status = IoCreateDevice(DriverObject,
                            0,
                            &devName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &devObj);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateDevice failed: 0x%08X", status);
        return status;
    }

    RtlInitUnicodeString(&symLink, SYMLINK_NAME);
    status = IoCreateSymbolicLink(&symLink, &devName);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateSymbolicLink failed: 0x%08X", status);
        return status;
    }

    devObj->Flags |= DO_BUFFERED_IO;
    devObj->Flags &= ~DO_DEVICE_INITIALIZING;
    g_DeviceObject = devObj;

#if DBG
    DbgPrint("memrw: device %p, ioctl read=%08X write=%08X\n",
             devObj, IOCTL_MEMRW_READ, IOCTL_MEMRW_WRITE);
#endif

    LOG("loaded OK");
    return STATUS_SUCCESS;
}
