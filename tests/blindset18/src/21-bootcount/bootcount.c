/*
 * bootcount.c - counts clean shutdowns.
 *
 * On IRP_MJ_SHUTDOWN the driver bumps "CleanShutdowns" under its own
 * service key; user mode can ask for the value loaded at boot and for the
 * number of boots seen.  Uses a private copy of the registry path because
 * the one passed to DriverEntry is gone once DriverEntry returns.
 */
#include <ntddk.h>

#define BC_TAG       'tnCB'
#define BC_DEVICE    L"\\Device\\BootCount"
#define BC_LINK      L"\\DosDevices\\BootCount"
#define BC_VALUE     L"CleanShutdowns"

#define IOCTL_BC_QUERY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BcUnload;
DRIVER_DISPATCH BcCreateClose;
DRIVER_DISPATCH BcShutdown;
DRIVER_DISPATCH BcDeviceControl;

static UNICODE_STRING g_ServiceKey = { 0, 0, NULL };
static ULONG g_CleanShutdowns = 0;

static NTSTATUS BcOpenServiceKey(PHANDLE Key, ACCESS_MASK Access)
{
    OBJECT_ATTRIBUTES oa;

    InitializeObjectAttributes(&oa, &g_ServiceKey, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    return ZwOpenKey(Key, Access, &oa);
}

static VOID BcLoadCount(VOID)
{
    HANDLE key;
    UNICODE_STRING name = RTL_CONSTANT_STRING(BC_VALUE);
    UCHAR raw[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION kv = (PKEY_VALUE_PARTIAL_INFORMATION)raw;
    ULONG len;

    if (!NT_SUCCESS(BcOpenServiceKey(&key, KEY_QUERY_VALUE)))
        return;

    if (NT_SUCCESS(ZwQueryValueKey(key, &name, KeyValuePartialInformation, kv, sizeof(raw), &len)) &&
        kv->Type == REG_DWORD && kv->DataLength == sizeof(ULONG)) {
        g_CleanShutdowns = *(PULONG)kv->Data;
    }
    ZwClose(key);
}

static VOID BcStoreCount(ULONG Value)
{
    HANDLE key;
    UNICODE_STRING name = RTL_CONSTANT_STRING(BC_VALUE);

    if (!NT_SUCCESS(BcOpenServiceKey(&key, KEY_SET_VALUE)))
        return;

    ZwSetValueKey(key, &name, 0, REG_DWORD, &Value, sizeof(Value));
    ZwFlushKey(key);
    ZwClose(key);
}

NTSTATUS BcCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS BcShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    BcStoreCount(g_CleanShutdowns + 1);
    KdPrint(("bootcount: shutdown #%lu recorded\n", g_CleanShutdowns + 1));

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS BcDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_BC_QUERY) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            *(PULONG)Irp->AssociatedIrp.SystemBuffer = g_CleanShutdowns;
            info = sizeof(ULONG);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID BcUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(BC_LINK);
    PDEVICE_OBJECT dev = DriverObject->DeviceObject;

    IoUnregisterShutdownNotification(dev);
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(dev);

    if (g_ServiceKey.Buffer != NULL) {
        ExFreePoolWithTag(g_ServiceKey.Buffer, BC_TAG);
        g_ServiceKey.Buffer = NULL;
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PDEVICE_OBJECT dev = NULL;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(BC_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(BC_LINK);

    // keep our own copy of the service key path
    g_ServiceKey.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, RegistryPath->Length, BC_TAG);
    if (g_ServiceKey.Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    g_ServiceKey.Length = 0;
    g_ServiceKey.MaximumLength = RegistryPath->Length;
    RtlCopyUnicodeString(&g_ServiceKey, RegistryPath);

    BcLoadCount();
    KdPrint(("bootcount: %lu clean shutdowns so far\n", g_CleanShutdowns));

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(g_ServiceKey.Buffer, BC_TAG);
        g_ServiceKey.Buffer = NULL;
        return status;
    }

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(dev);
        ExFreePoolWithTag(g_ServiceKey.Buffer, BC_TAG);
        g_ServiceKey.Buffer = NULL;
        return status;
    }

    status = IoRegisterShutdownNotification(dev);
    if (!NT_SUCCESS(status)) {
        IoDeleteSymbolicLink(&link);
        IoDeleteDevice(dev);
        ExFreePoolWithTag(g_ServiceKey.Buffer, BC_TAG);
        g_ServiceKey.Buffer = NULL;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = BcShutdown;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = BcDeviceControl;
    DriverObject->DriverUnload = BcUnload;

    dev->Flags |= DO_BUFFERED_IO;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;

    return STATUS_SUCCESS;
}
