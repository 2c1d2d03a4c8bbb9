/*
 * driver.c - jitter DriverEntry / unload / dispatch
 */
#include "jitter.h"

JT_CONTEXT g_Jt;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD   JtUnload;
static DRIVER_DISPATCH JtCreateClose;
static DRIVER_DISPATCH JtIoctl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, JtUnload)
#endif

static NTSTATUS
JtCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
JtIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS  status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info   = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_JT_GET_STATS) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(JT_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            JtGetStats((PJT_STATS)Irp->AssociatedIrp.SystemBuffer);
            status = STATUS_SUCCESS;
            info   = sizeof(JT_STATS);
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID
JtUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(JT_DOS_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    JtStopSampler();

    IoFreeWorkItem(g_Jt.WorkItem);
    g_Jt.WorkItem = NULL;

    ZwClose(g_Jt.AlertHandle);
    g_Jt.Alert = NULL;
    g_Jt.AlertHandle = NULL;

    IoDeleteSymbolicLink(&dosName);
    IoDeleteDevice(g_Jt.Device);
    g_Jt.Device = NULL;

    JT_DBG("unloaded, %lu ticks, %lu spikes\n", g_Jt.Stats.Ticks, g_Jt.Stats.Spikes);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS       status;
    UNICODE_STRING ntName  = RTL_CONSTANT_STRING(JT_NT_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(JT_DOS_NAME);
    UNICODE_STRING evName  = RTL_CONSTANT_STRING(JT_EVENT_NAME);

    JtReadParameters(RegistryPath, &g_Jt.PeriodMs, &g_Jt.ThresholdUs);
    JtInitSampler();

    status = IoCreateDevice(DriverObject, 0, &ntName, FILE_DEVICE_JITTER,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Jt.Device);
    if (!NT_SUCCESS(status)) {
        JT_ERR("IoCreateDevice 0x%08X\n", status);
        return status;
    }
    g_Jt.Device->Flags |= DO_BUFFERED_IO;

    g_Jt.WorkItem = IoAllocateWorkItem(g_Jt.Device);
    if (g_Jt.WorkItem == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail_device;
    }

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        JT_ERR("IoCreateSymbolicLink 0x%08X\n", status);
        goto fail_workitem;
    }

    g_Jt.Alert = IoCreateNotificationEvent(&evName, &g_Jt.AlertHandle);
    if (g_Jt.Alert == NULL) {
        JT_ERR("IoCreateNotificationEvent failed\n");
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail_link;
    }
    KeClearEvent(g_Jt.Alert);       /* comes back signaled if we created it */

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = JtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = JtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = JtIoctl;
    DriverObject->DriverUnload                         = JtUnload;

    g_Jt.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    /* last: from here on the DPC and the work item may run */
    JtStartSampler();

    JT_DBG("period %lu ms, threshold %lu us\n", g_Jt.PeriodMs, g_Jt.ThresholdUs);
    return STATUS_SUCCESS;

fail_link:
    IoDeleteSymbolicLink(&dosName);
fail_workitem:
    IoFreeWorkItem(g_Jt.WorkItem);
    g_Jt.WorkItem = NULL;
fail_device:
    IoDeleteDevice(g_Jt.Device);
    g_Jt.Device = NULL;
    return status;
}
