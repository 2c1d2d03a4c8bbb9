/*
 * driver.c - Pulse DriverEntry, unload and dispatch
 */
#include "pulse.h"

PULSE_CONTEXT g_Pulse;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     PulseUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PulseUnload)
#endif

NTSTATUS
PulseCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PulseIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp  = IoGetCurrentIrpStackLocation(Irp);
    PVOID              buf = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS           status;
    ULONG_PTR          info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PULSE_START:
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            status = PulseStart(*(PULONG)buf);
        }
        break;

    case IOCTL_PULSE_STOP:
        PulseStop();
        status = STATUS_SUCCESS;
        break;

    case IOCTL_PULSE_QUERY:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PULSE_INFO)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            PulseQuery((PPULSE_INFO)buf);
            info = sizeof(PULSE_INFO);
            status = STATUS_SUCCESS;
        }
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
PulseUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /* stop the timer and make sure no DPC is still running in our image */
    KeCancelTimer(&g_Pulse.Timer);
    KeFlushQueuedDpcs();

    if (g_Pulse.LinkCreated) {
        IoDeleteSymbolicLink(&g_Pulse.DosName);
        g_Pulse.LinkCreated = FALSE;
    }
    if (g_Pulse.Device != NULL) {
        IoDeleteDevice(g_Pulse.Device);
        g_Pulse.Device = NULL;
    }

    PLOG("unloaded after %I64u beats", g_Pulse.Info.Beats);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS       status;
    UNICODE_STRING ntName;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Pulse, sizeof(g_Pulse));
    RtlInitUnicodeString(&ntName, PULSE_NT_DEVICE);
    RtlInitUnicodeString(&g_Pulse.DosName, PULSE_DOS_DEVICE);

    /* timer state first: nothing can reach it until the device exists */
    PulseInitTimer();

    status = IoCreateDevice(DriverObject, 0, &ntName, FILE_DEVICE_PULSE,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pulse.Device);
    if (!NT_SUCCESS(status)) {
        PERR("IoCreateDevice 0x%08x", status);
        goto Exit;
    }
    g_Pulse.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_Pulse.DosName, &ntName);
    if (!NT_SUCCESS(status)) {
        PERR("IoCreateSymbolicLink 0x%08x", status);
        goto DeleteDevice;
    }
    g_Pulse.LinkCreated = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PulseCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PulseCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PulseIoctl;
    DriverObject->DriverUnload                         = PulseUnload;

    g_Pulse.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    PLOG("loaded");
    return STATUS_SUCCESS;

DeleteDevice:
    IoDeleteDevice(g_Pulse.Device);
    g_Pulse.Device = NULL;
Exit:
    return status;
}
