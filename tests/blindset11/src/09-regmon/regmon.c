/*
 * regmon.c - DriverEntry / unload / IOCTL for regmon
 */
#include "regmon.h"

RM_GLOBALS g_Rm;

static UNICODE_STRING g_Altitude = RTL_CONSTANT_STRING(RM_ALTITUDE);

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     RmUnload;
DRIVER_DISPATCH   RmCreateClose;
DRIVER_DISPATCH   RmIoctl;

NTSTATUS
RmCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
RmIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_RM_GET_EVENTS) {
        ULONG max = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(RM_EVENT);
        ULONG n = RmCopyEvents((PRM_EVENT)Irp->AssociatedIrp.SystemBuffer, max);
        info = n * sizeof(RM_EVENT);
        status = STATUS_SUCCESS;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
RmUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(RM_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    CmUnRegisterCallback(g_Rm.Cookie);
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Rm.Device);
    RM_LOG("unloaded\n");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(RM_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(RM_LINK_NAME);
    RM_CONFIG config;
    NTSTATUS status;

    RtlZeroMemory(&g_Rm, sizeof(g_Rm));
    KeInitializeSpinLock(&g_Rm.EventLock);

    status = RmLoadConfig(RegistryPath, &config);
    if (!NT_SUCCESS(status)) {
        RM_LOG("no parameters (0x%08X), using defaults\n", status);
    }
    RM_LOG("watching %wZ, flags 0x%lx\n", &config.Prefix, config.Flags);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Rm.Device);
    if (!NT_SUCCESS(status)) {
        RM_LOG("IoCreateDevice 0x%08X\n", status);
        return status;
    }
    g_Rm.Device->Flags |= DO_BUFFERED_IO;

    status = CmRegisterCallbackEx(RmRegistryCallback, &g_Altitude, DriverObject,
                                  &config, &g_Rm.Cookie, NULL);
    if (!NT_SUCCESS(status)) {
        RM_LOG("CmRegisterCallbackEx 0x%08X\n", status);
        IoDeleteDevice(g_Rm.Device);
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        RM_LOG("IoCreateSymbolicLink 0x%08X\n", status);
        IoDeleteDevice(g_Rm.Device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RmIoctl;
    DriverObject->DriverUnload = RmUnload;

    g_Rm.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
