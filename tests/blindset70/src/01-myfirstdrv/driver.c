#include "common.h"

MFD_GLOBALS g_Mfd = { 0 };

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     MfdUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   MfdCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   MfdDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MfdUnload)
#pragma alloc_text(PAGE, MfdCreateClose)
#pragma alloc_text(PAGE, MfdDeviceControl)
#endif

NTSTATUS MfdCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    DumpIrp(Irp, "CreateClose");
    if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_CREATE)
        InterlockedIncrement(&g_Mfd.OpenCount);
    else
        InterlockedDecrement(&g_Mfd.OpenCount);

    return CompleteIrp(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS MfdDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PVOID sysBuf = Irp->AssociatedIrp.SystemBuffer;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    InterlockedIncrement(&g_Mfd.IoctlCount);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_MFD_HELLO:
        LOG("Hello from user mode!");
        status = STATUS_SUCCESS;
        break;

    case IOCTL_MFD_GET_COUNT:
        if (!CheckBuffer(stack, 0, sizeof(LONG))) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PLONG)sysBuf = g_Mfd.IoctlCount;
        info = sizeof(LONG);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_MFD_ECHO: {
        ULONG len = stack->Parameters.DeviceIoControl.InputBufferLength;
        if (len > g_Mfd.EchoSize) len = g_Mfd.EchoSize;
        if (!CheckBuffer(stack, 1, len)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        // keep a copy so we can print it later
        RtlCopyMemory(g_Mfd.EchoBuffer, sysBuf, len);
        // buffered io: in and out are the same buffer, nothing else to do
        info = len;
        status = STATUS_SUCCESS;
        break;
    }

    default:
        LOG("unknown ioctl 0x%08X", stack->Parameters.DeviceIoControl.IoControlCode);
        break;
    }

    return CompleteIrp(Irp, status, info);
}

VOID MfdUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    LOG("unloading, %ld ioctls served", g_Mfd.IoctlCount);

    if (g_Mfd.EchoBuffer) {
        ExFreePoolWithTag(g_Mfd.EchoBuffer, MFD_TAG);
        g_Mfd.EchoBuffer = NULL;
    }

    // deleting the device also takes care of everything hanging off it
    if (g_Mfd.DeviceObject) {
        IoDeleteDevice(g_Mfd.DeviceObject);
        g_Mfd.DeviceObject = NULL;
    }

    LOG("bye!");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName;

    UNREFERENCED_PARAMETER(RegistryPath);

    LOG("DriverEntry called, built " __DATE__ " " __TIME__);

    DriverObject->DriverUnload = MfdUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = MfdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = MfdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = MfdDeviceControl;

    RtlInitUnicodeString(&devName, DEVICE_NAME);
    RtlInitUnicodeString(&g_Mfd.SymLink, SYMLINK_NAME);

    status = IoCreateDevice(DriverObject,
                            0,
                            &devName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Mfd.DeviceObject);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    g_Mfd.DeviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_Mfd.SymLink, &devName);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateSymbolicLink failed 0x%08X", status);
        return status;
    }

    g_Mfd.EchoSize = PAGE_SIZE;
    g_Mfd.EchoBuffer = ExAllocatePoolWithTag(NonPagedPoolNx, g_Mfd.EchoSize, MFD_TAG);
    if (g_Mfd.EchoBuffer == NULL) {
        LOG("out of memory");
        IoDeleteSymbolicLink(&g_Mfd.SymLink);
        IoDeleteDevice(g_Mfd.DeviceObject);
        g_Mfd.DeviceObject = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(g_Mfd.EchoBuffer, g_Mfd.EchoSize);

    g_Mfd.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    LOG("ready: %wZ -> %wZ", &g_Mfd.SymLink, &devName);
    return STATUS_SUCCESS;
}
