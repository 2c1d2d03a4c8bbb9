/*
 * driver.c - reqcache DriverEntry / dispatch / unload
 */
#include "reqcache.h"

RC_GLOBALS Rc;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RcUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH RcCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH RcDeviceControl;

/*
 * Cleanup - undo whatever DriverEntry managed to do. Called from the
 * DriverEntry failure path and from unload, so everything is flag driven.
 */
VOID
Cleanup(VOID)
{
    UNICODE_STRING link;

    if (Rc.InitFlags & RC_INIT_LINK) {
        RtlInitUnicodeString(&link, RC_LINK_NAME);
        IoDeleteSymbolicLink(&link);
    }

    if (Rc.InitFlags & RC_INIT_DEVICE) {
        IoDeleteDevice(Rc.Device);
        Rc.Device = NULL;
    }

    if (Rc.InitFlags & RC_INIT_LOOKASIDE) {
        RcCacheFlush();
        ExDeleteNPagedLookasideList(&Rc.Lookaside.NonPaged);
    }

    Rc.InitFlags = 0;
}

NTSTATUS
RcCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
RcDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLen = irpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = irpSp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS st = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RC_ADD:
        if (inLen == 0 || buf == NULL) {
            st = STATUS_INVALID_PARAMETER;
            break;
        }
        st = RcCacheAdd(HandleToULong(PsGetCurrentProcessId()), buf, inLen);
        break;

    case IOCTL_RC_COUNT:
        if (outLen < sizeof(ULONG)) {
            st = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PULONG)buf = RcCacheCount();
        info = sizeof(ULONG);
        st = STATUS_SUCCESS;
        break;

    case IOCTL_RC_CLEAR:
        RcCacheFlush();
        st = STATUS_SUCCESS;
        break;
    }

    Irp->IoStatus.Status = st;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return st;
}

VOID
RcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    DbgPrint("reqcache: unloading, %lu records cached\n", Rc.Count);
    Cleanup();
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName, linkName;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&Rc, sizeof(Rc));

    status = RcCacheInit(RC_USE_PAGED_LOOKASIDE);
    RC_CHECK(status, "RcCacheInit");

    RtlInitUnicodeString(&devName, RC_DEVICE_NAME);
    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &Rc.Device);
    RC_CHECK(status, "IoCreateDevice");
    Rc.InitFlags |= RC_INIT_DEVICE;
    Rc.Device->Flags |= DO_BUFFERED_IO;

    RtlInitUnicodeString(&linkName, RC_LINK_NAME);
    status = IoCreateSymbolicLink(&linkName, &devName);
    RC_CHECK(status, "IoCreateSymbolicLink");
    Rc.InitFlags |= RC_INIT_LINK;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RcDeviceControl;
    DriverObject->DriverUnload = RcUnload;

    Rc.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    KdPrint(("reqcache: loaded\n"));
    return STATUS_SUCCESS;

Exit:
    Cleanup();
    return status;
}
