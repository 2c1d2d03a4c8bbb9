/*
 * rparams.c - entry point, unload and ioctls
 */
#include "rparams.h"

RP_CONFIG g_Config;
RP_STATS g_Stats;

static BOOLEAN g_ProcessCallback;
static BOOLEAN g_ImageCallback;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RpUnload;
DRIVER_DISPATCH RpCreateClose;
DRIVER_DISPATCH RpDeviceControl;

NTSTATUS
RpCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
RpDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RP_GET_CONFIG:
        if (outLen >= sizeof(RP_CONFIG)) {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Config, sizeof(RP_CONFIG));
            info = sizeof(RP_CONFIG);
            status = STATUS_SUCCESS;
        } else {
            status = STATUS_BUFFER_TOO_SMALL;
        }
        break;

    case IOCTL_RP_GET_STATS:
        if (outLen >= sizeof(RP_STATS)) {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Stats, sizeof(RP_STATS));
            info = sizeof(RP_STATS);
            status = STATUS_SUCCESS;
        } else {
            status = STATUS_BUFFER_TOO_SMALL;
        }
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
RpUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(RP_DOS_NAME);

    if (g_ImageCallback) {
        PsRemoveLoadImageNotifyRoutine(RpImageNotify);
        g_ImageCallback = FALSE;
    }
    if (g_ProcessCallback) {
        PsSetCreateProcessNotifyRoutine(RpProcessNotify, TRUE);
        g_ProcessCallback = FALSE;
    }

    IoDeleteSymbolicLink(&dosName);
    IoDeleteDevice(DriverObject->DeviceObject);
    RP_LOG("unloaded\n");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING ntName = RTL_CONSTANT_STRING(RP_NT_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(RP_DOS_NAME);
    PDEVICE_OBJECT dev = NULL;
    NTSTATUS status;

    RpSetDefaults(&g_Config);
    status = RpReadConfig(RegistryPath, &g_Config);
    if (!NT_SUCCESS(status)) {
        RP_LOG("no usable Parameters key (0x%08X), defaults in effect\n", status);
        RpSetDefaults(&g_Config);
    }
    RP_LOG("process log %lu, image log %lu, verbose %lu\n",
           g_Config.EnableProcessLog, g_Config.EnableImageLog, g_Config.Verbose);

    status = IoCreateDevice(DriverObject, 0, &ntName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(dev);
        return status;
    }

    /* the features are optional: a refusal is logged, the driver still loads */
    if (g_Config.EnableProcessLog) {
        status = PsSetCreateProcessNotifyRoutine(RpProcessNotify, FALSE);
        if (NT_SUCCESS(status)) {
            g_ProcessCallback = TRUE;
        } else {
            RP_LOG("process logging unavailable (0x%08X), continuing\n", status);
        }
    }

    if (g_Config.EnableImageLog) {
        status = PsSetLoadImageNotifyRoutine(RpImageNotify);
        if (NT_SUCCESS(status)) {
            g_ImageCallback = TRUE;
        } else {
            RP_LOG("image logging unavailable (0x%08X), continuing\n", status);
        }
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RpDeviceControl;
    DriverObject->DriverUnload = RpUnload;

    dev->Flags |= DO_BUFFERED_IO;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;
    return status;
}
