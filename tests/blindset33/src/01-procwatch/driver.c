/*
 * driver.c - entry point, control device, IOCTL dispatch
 */
#include "procwatch.h"

PW_GLOBALS g_Pw;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PwUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PwCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH PwDeviceControl;

static NTSTATUS
PwCompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
PwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return PwCompleteIrp(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
PwDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PW_GET_EVENTS:
    {
        ULONG max = outLen / sizeof(PW_EVENT);
        if (max == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        info = (ULONG_PTR)PwDequeueEvents((PPW_EVENT)buffer, max) * sizeof(PW_EVENT);
        status = STATUS_SUCCESS;
        break;
    }
    case IOCTL_PW_GET_STATS:
        if (outLen < sizeof(PW_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        RtlCopyMemory(buffer, &g_Pw.Stats, sizeof(PW_STATS));
        info = sizeof(PW_STATS);
        status = STATUS_SUCCESS;
        break;
    default:
        break;
    }

    return PwCompleteIrp(Irp, status, info);
}

static NTSTATUS
PwCreateControlDevice(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING devName;
    NTSTATUS status;

    RtlInitUnicodeString(&devName, PW_DEVICE_NAME);
    RtlInitUnicodeString(&g_Pw.SymLink, PW_SYMLINK_NAME);

    status = IoCreateDevice(DriverObject,
                            0,
                            &devName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Pw.DeviceObject);
    if (!NT_SUCCESS(status)) {
        PW_ERR("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&g_Pw.SymLink, &devName);
    if (!NT_SUCCESS(status)) {
        PW_ERR("IoCreateSymbolicLink failed 0x%08X", status);
        IoDeleteDevice(g_Pw.DeviceObject);
        g_Pw.DeviceObject = NULL;
        return status;
    }
    g_Pw.SymLinkCreated = TRUE;

    g_Pw.DeviceObject->Flags |= DO_BUFFERED_IO;
    return STATUS_SUCCESS;
}

static VOID
PwDeleteControlDevice(VOID)
{
    if (g_Pw.SymLinkCreated) {
        IoDeleteSymbolicLink(&g_Pw.SymLink);
        g_Pw.SymLinkCreated = FALSE;
    }
    if (g_Pw.DeviceObject != NULL) {
        IoDeleteDevice(g_Pw.DeviceObject);
        g_Pw.DeviceObject = NULL;
    }
}

VOID
PwUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PwUnregisterNotifications();
    PwDestroyEventQueue();
    PwDeleteControlDevice();

    PW_LOG("unloaded, %lu events dropped", g_Pw.Stats.Dropped);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Pw, sizeof(g_Pw));

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PwDeviceControl;

    status = PwCreateControlDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PwRegisterNotifications();
    if (!NT_SUCCESS(status)) {
        PwDeleteControlDevice();
        return status;
    }

    status = PwInitEventQueue();
    if (!NT_SUCCESS(status)) {
        PwUnregisterNotifications();
        PwDeleteControlDevice();
        return status;
    }

    DriverObject->DriverUnload = PwUnload;

    PW_LOG("loaded (%wZ)", RegistryPath);
    return STATUS_SUCCESS;
}
