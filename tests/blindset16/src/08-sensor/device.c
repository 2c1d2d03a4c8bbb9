//
// device.c -- \Device\SnSensor control device and its dispatch routines.
//
// Copyright (c) Sentinel Labs Endpoint Team. Internal use only.
//

#include "sensor.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, SnDeviceCreate)
#pragma alloc_text(PAGE, SnDeviceDelete)
#pragma alloc_text(PAGE, SnDispatchCreateClose)
#pragma alloc_text(PAGE, SnDispatchDeviceControl)
#endif

NTSTATUS
SnDeviceCreate(
    _In_ PDRIVER_OBJECT DriverObject,
    _Inout_ PSN_GLOBALS Globals
    )
{
    NTSTATUS status;
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(SN_DEVICE_NAME);

    status = IoCreateDeviceSecure(DriverObject,
                                  0,
                                  &deviceName,
                                  FILE_DEVICE_UNKNOWN,
                                  FILE_DEVICE_SECURE_OPEN,
                                  TRUE,
                                  &SDDL_DEVOBJ_SYS_ALL_ADM_ALL,
                                  &GUID_SN_DEVCLASS,
                                  &Globals->DeviceObject);
    if (!NT_SUCCESS(status)) {
        SN_ERR("IoCreateDeviceSecure 0x%08X", status);
        Globals->DeviceObject = NULL;
        return status;
    }

    RtlInitUnicodeString(&Globals->LinkName, SN_LINK_NAME);
    status = IoCreateSymbolicLink(&Globals->LinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        SN_ERR("IoCreateSymbolicLink 0x%08X", status);
        IoDeleteDevice(Globals->DeviceObject);
        Globals->DeviceObject = NULL;
        RtlZeroMemory(&Globals->LinkName, sizeof(Globals->LinkName));
        return status;
    }

    Globals->DeviceObject->Flags |= DO_BUFFERED_IO;
    Globals->DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
SnDeviceDelete(
    _Inout_ PSN_GLOBALS Globals
    )
{
    NTSTATUS status = STATUS_SUCCESS;

    PAGED_CODE();

    if (Globals->LinkName.Buffer != NULL) {
        status = IoDeleteSymbolicLink(&Globals->LinkName);
        if (!NT_SUCCESS(status)) {
            SN_ERR("IoDeleteSymbolicLink 0x%08X", status);
        }
        RtlZeroMemory(&Globals->LinkName, sizeof(Globals->LinkName));
    }

    if (Globals->DeviceObject != NULL) {
        IoDeleteDevice(Globals->DeviceObject);
        Globals->DeviceObject = NULL;
    }

    return status;
}

NTSTATUS
SnDispatchCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    PAGED_CODE();

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
SnDispatchDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLength = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    ULONG n;

    UNREFERENCED_PARAMETER(DeviceObject);

    PAGED_CODE();

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SN_GET_EVENTS:
        if (outLength < sizeof(SN_EVENT_RECORD)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        n = SnQueueDrain(&g_Sn.Queue, (PSN_EVENT_RECORD)buffer, outLength / sizeof(SN_EVENT_RECORD));
        info = (ULONG_PTR)n * sizeof(SN_EVENT_RECORD);
        break;

    case IOCTL_SN_GET_STATS:
        if (outLength < 2 * sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ((PULONG)buffer)[0] = g_Sn.Queue.Count;
        ((PULONG)buffer)[1] = (ULONG)g_Sn.Queue.Dropped;
        info = 2 * sizeof(ULONG);
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
