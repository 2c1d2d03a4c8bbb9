/*
 * driver.c - DriverEntry walks g_Steps; unload walks it back
 */
#include "initsteps.h"

IS_GLOBALS g_Is;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     IsUnload;

NTSTATUS
IsDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
IsDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_IS_GET_COUNTERS) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength >= sizeof(IS_COUNTERS)) {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Is.Counters, sizeof(IS_COUNTERS));
            info = sizeof(IS_COUNTERS);
            status = STATUS_SUCCESS;
        } else {
            status = STATUS_BUFFER_TOO_SMALL;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
IsUnload(PDRIVER_OBJECT DriverObject)
{
    ULONG i;

    for (i = g_StepCount; i > 0; i--) {
        g_Steps[i - 1].Undo(DriverObject);
    }
    LOG("unloaded%s", "");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;
    LONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Is, sizeof(g_Is));

    DriverObject->MajorFunction[IRP_MJ_CREATE] = IsDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = IsDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = IsDispatchIoctl;

    for (i = 0; i < (LONG)g_StepCount; i++) {
        status = g_Steps[i].Init(DriverObject);
        if (!NT_SUCCESS(status)) {
            LOG("step %ld (%s) failed: 0x%08X", i, g_Steps[i].Name, status);
            break;
        }
        LOG("step %ld (%s) ok", i, g_Steps[i].Name);
    }

    if (i < (LONG)g_StepCount) {
        /* roll back the steps that did succeed, newest first */
        while (--i > 0) {
            g_Steps[i].Undo(DriverObject);
        }
        return status;
    }

    DriverObject->DriverUnload = IsUnload;
    return STATUS_SUCCESS;
}
