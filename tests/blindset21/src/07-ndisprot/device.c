/*++
Module Name:
    device.c

Abstract:
    Control device used by the diagnostics tool to read per-binding
    frame statistics.
--*/
#include "lwprot.h"

static DRIVER_DISPATCH LwDispatchCreateClose;
static DRIVER_DISPATCH LwDispatchDeviceControl;
static DRIVER_DISPATCH LwDispatchInvalid;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, LwCreateControlDevice)
#pragma alloc_text(PAGE, LwDeleteControlDevice)
#endif

_Use_decl_annotations_
NTSTATUS
LwCreateControlDevice(
    PLW_GLOBALS Globals
    )
{
    NTSTATUS       status;
    UNICODE_STRING deviceName;
    UNICODE_STRING linkName;
    PDEVICE_OBJECT device = NULL;
    PDRIVER_OBJECT driver = Globals->DriverObject;
    ULONG          i;

    RtlInitUnicodeString(&deviceName, LW_DEVICE_NAME);
    RtlInitUnicodeString(&linkName, LW_LINK_NAME);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        driver->MajorFunction[i] = LwDispatchInvalid;
    }
    driver->MajorFunction[IRP_MJ_CREATE] = LwDispatchCreateClose;
    driver->MajorFunction[IRP_MJ_CLEANUP] = LwDispatchCreateClose;
    driver->MajorFunction[IRP_MJ_CLOSE] = LwDispatchCreateClose;
    driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LwDispatchDeviceControl;

    status = IoCreateDevice(driver,
                            0,
                            &deviceName,
                            FILE_DEVICE_LWPROT,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;

    Globals->ControlDevice = device;
    Globals->SymbolicLinkCreated = TRUE;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LwDeleteControlDevice(
    PLW_GLOBALS Globals
    )
{
    UNICODE_STRING linkName;

    PAGED_CODE();

    if (Globals->SymbolicLinkCreated) {
        RtlInitUnicodeString(&linkName, LW_LINK_NAME);
        (VOID)IoDeleteSymbolicLink(&linkName);
        Globals->SymbolicLinkCreated = FALSE;
    }

    if (Globals->ControlDevice != NULL) {
        IoDeleteDevice(Globals->ControlDevice);
        Globals->ControlDevice = NULL;
    }
}

static
NTSTATUS
LwCompleteIrp(
    _In_ PIRP Irp,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Information
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static
_Use_decl_annotations_
NTSTATUS
LwDispatchCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return LwCompleteIrp(Irp, STATUS_SUCCESS, 0);
}

static
_Use_decl_annotations_
NTSTATUS
LwDispatchInvalid(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return LwCompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

static
_Use_decl_annotations_
NTSTATUS
LwDispatchDeviceControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG              outLength = stack->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG              maxRecords;
    ULONG              count;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_LWPROT_QUERY_STATS) {
        return LwCompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    maxRecords = outLength / sizeof(LW_STATS_RECORD);
    if (maxRecords == 0) {
        return LwCompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    count = LwSnapshotStats((PLW_STATS_RECORD)Irp->AssociatedIrp.SystemBuffer, maxRecords);
    return LwCompleteIrp(Irp, STATUS_SUCCESS, count * sizeof(LW_STATS_RECORD));
}
