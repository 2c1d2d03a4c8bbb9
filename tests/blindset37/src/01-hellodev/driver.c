/*
 * driver.c - HelloDev entry point, dispatch routines and unload
 */
#include "hello.h"

HELLO_GLOBALS g_Hello;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HelloUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH HelloCreateClose;

_Dispatch_type_(IRP_MJ_CLEANUP)
DRIVER_DISPATCH HelloCleanup;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH HelloDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, HelloUnload)
#pragma alloc_text(PAGE, HelloCreateClose)
#pragma alloc_text(PAGE, HelloCleanup)
#endif

static NTSTATUS
CompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
HelloCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    return CompleteIrp(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
HelloCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    /* we are in the context of the process closing its handle */
    ShmUnmapFromUser();
    return CompleteIrp(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
HelloDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    PHELLO_SHARED shared = (PHELLO_SHARED)g_Hello.ShmBase;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_HELLO_PING:
        InterlockedIncrement(&shared->Pings);
        if (outLen >= sizeof("pong")) {
            RtlCopyMemory(buffer, "pong", sizeof("pong"));
            info = sizeof("pong");
        }
        status = STATUS_SUCCESS;
        break;

    case IOCTL_HELLO_MAP_SHM:
    {
        PVOID userVa = NULL;

        if (outLen < sizeof(ULONG64)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = ShmMapToUser(&userVa);
        if (NT_SUCCESS(status)) {
            *(PULONG64)buffer = (ULONG64)(ULONG_PTR)userVa;
            info = sizeof(ULONG64);
        }
        break;
    }

    case IOCTL_HELLO_GET_STATS:
    {
        PHELLO_STATS stats = (PHELLO_STATS)buffer;

        if (outLen < sizeof(HELLO_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        stats->Ticks = shared->Ticks;
        stats->Pings = shared->Pings;
        stats->Mapped = (g_Hello.UserMapping != NULL);
        info = sizeof(HELLO_STATS);
        status = STATUS_SUCCESS;
        break;
    }

    default:
        LOG("unknown ioctl 0x%08X", stack->Parameters.DeviceIoControl.IoControlCode);
        break;
    }

    return CompleteIrp(Irp, status, info);
}

VOID
HelloUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(HELLO_SYMLINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    LOG("unloading %wZ", &g_Hello.RegistryPath);

    WorkerStop();
    ShmDestroy();

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Hello.DeviceObject);

    LOG("goodbye world");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(HELLO_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(HELLO_SYMLINK_NAME);

    LOG("hello world! (built " __DATE__ " " __TIME__ ")");

    RtlZeroMemory(&g_Hello, sizeof(g_Hello));
    g_Hello.RegistryPath = *RegistryPath;   /* for log messages */

    DriverObject->DriverUnload = HelloUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = HelloCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HelloCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = HelloCleanup;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HelloDeviceControl;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Hello.DeviceObject);
    if (NT_SUCCESS(status)) {
        status = IoCreateSymbolicLink(&linkName, &devName);
        if (NT_SUCCESS(status)) {
            status = ShmCreate();
            if (NT_SUCCESS(status)) {
                status = WorkerStart();
                if (NT_SUCCESS(status)) {
                    g_Hello.DeviceObject->Flags |= DO_BUFFERED_IO;
                    g_Hello.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
                    LOG("ready, shm at %p", g_Hello.ShmBase);
                    return STATUS_SUCCESS;
                }
                LOG("WorkerStart failed 0x%08X", status);
                ShmDestroy();
            } else {
                LOG("ShmCreate failed 0x%08X", status);
            }
            IoDeleteSymbolicLink(&linkName);
        } else {
            LOG("IoCreateSymbolicLink failed 0x%08X", status);
        }
        IoDeleteDevice(g_Hello.DeviceObject);
        g_Hello.DeviceObject = NULL;
    } else {
        LOG("IoCreateDevice failed 0x%08X", status);
    }

    return status;
}

#if 0
/* first version - kept for reference */
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DbgPrint("Hello World!\n");
    DriverObject->DriverUnload = HelloUnload;
    return STATUS_SUCCESS;
}
#endif
