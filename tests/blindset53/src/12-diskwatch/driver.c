/*
 * driver.c - DriverEntry / unload / control device for diskwatch
 */
#include "diskwatch.h"

static PDEVICE_OBJECT g_ControlDevice;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     DwUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH DwCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH DwDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, DwUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING devName  = RTL_CONSTANT_STRING(DW_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(DW_LINK_NAME);
    BOOLEAN        linkCreated = FALSE;
    BOOLEAN        workerStarted = FALSE;
    NTSTATUS       status;

    UNREFERENCED_PARAMETER(RegistryPath);

    /* list, lock and events first: the notification below can call back
       before IoRegisterPlugPlayNotification even returns */
    DwInitialize();

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = DwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = DwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DwDeviceControl;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_DISKWATCH,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_ControlDevice);
    if (!NT_SUCCESS(status)) {
        DW_FAIL("IoCreateDevice 0x%08X\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        DW_FAIL("IoCreateSymbolicLink 0x%08X\n", status);
        goto cleanup;
    }
    linkCreated = TRUE;

    status = DwStartWorker();
    if (!NT_SUCCESS(status)) {
        DW_FAIL("worker thread 0x%08X\n", status);
        goto cleanup;
    }
    workerStarted = TRUE;

    status = DwRegisterNotification(DriverObject);
    if (!NT_SUCCESS(status)) {
        DW_FAIL("IoRegisterPlugPlayNotification 0x%08X\n", status);
        goto cleanup;
    }

    DriverObject->DriverUnload = DwUnload;
    g_ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    DW_TRACE("running\n");
    return STATUS_SUCCESS;

cleanup:
    if (workerStarted) {
        DwStopWorker();
    }
    DwClearList();
    if (linkCreated) {
        IoDeleteSymbolicLink(&linkName);
    }
    IoDeleteDevice(g_ControlDevice);
    g_ControlDevice = NULL;
    return status;
}

VOID
DwUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(DW_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /* no new arrivals, then no worker, then nothing left that uses the list */
    DwUnregisterNotification();
    DwStopWorker();
    DwClearList();

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_ControlDevice);
    g_ControlDevice = NULL;
    DW_TRACE("unloaded\n");
}

NTSTATUS
DwCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
DwDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG    outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG    info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_DISKWATCH_SNAPSHOT) {
        if (outLen < sizeof(DW_SNAPSHOT)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            info = DwSnapshot((PDW_SNAPSHOT)Irp->AssociatedIrp.SystemBuffer, outLen);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
