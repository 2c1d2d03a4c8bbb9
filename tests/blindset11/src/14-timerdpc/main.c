/*
 * main.c - TimerDemo entry, unload and IOCTLs
 */
#include "timerdemo.h"

TD_GLOBALS g_Td;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     TdUnload;
DRIVER_DISPATCH   TdCreateClose;
DRIVER_DISPATCH   TdIoctl;

NTSTATUS
TdCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
TdIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_TD_GET_STATS:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(TD_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        RtlCopyMemory(buf, &g_Td.Stats, sizeof(TD_STATS));
        info = sizeof(TD_STATS);
        break;

    case IOCTL_TD_SET_PERIOD:
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        TdArmTimer(*(PULONG)buf);
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

VOID
TdUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(TD_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    /* let a queued work item finish before freeing it */
    KeWaitForSingleObject(&g_Td.WorkIdle, Executive, KernelMode, FALSE, NULL);
    IoFreeWorkItem(g_Td.WorkItem);
    g_Td.WorkItem = NULL;

    if (g_Td.LinkUp) {
        IoDeleteSymbolicLink(&link);
    }
    IoDeleteDevice(g_Td.Device);

    TD_LOG("unloaded after %lu ticks, %lu work runs", g_Td.Stats.Ticks, g_Td.Stats.WorkRuns);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(TD_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(TD_LINK_NAME);
    ULONG period;
    NTSTATUS status;

    RtlZeroMemory(&g_Td, sizeof(g_Td));
    KeInitializeEvent(&g_Td.WorkIdle, NotificationEvent, TRUE);

    period = TdReadPeriod(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Td.Device);
    if (!NT_SUCCESS(status)) {
        TD_LOG("IoCreateDevice failed 0x%08X", status);
        return status;
    }
    g_Td.Device->Flags |= DO_BUFFERED_IO;

    KeInitializeTimerEx(&g_Td.Timer, NotificationTimer);
    KeInitializeDpc(&g_Td.Dpc, TdTimerDpc, &g_Td);
    TdArmTimer(period);

    g_Td.WorkItem = IoAllocateWorkItem(g_Td.Device);
    if (g_Td.WorkItem == NULL) {
        TD_LOG("IoAllocateWorkItem failed");
        IoDeleteDevice(g_Td.Device);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    /* the link is only for the test tool, the timer runs without it */
    status = IoCreateSymbolicLink(&linkName, &devName);
    if (NT_SUCCESS(status)) {
        g_Td.LinkUp = TRUE;
    } else {
        TD_LOG("no symbolic link (0x%08X), continuing", status);
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = TdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TdIoctl;
    DriverObject->DriverUnload = TdUnload;

    g_Td.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    TD_LOG("ticking every %lu ms", g_Td.Stats.PeriodMs);
    return STATUS_SUCCESS;
}
