/*++
Module Name:  driver.c  (WDM build, for the pre-KMDF test machines)

Abstract:     Legacy driver exposing the same RAM log through a named device.
--*/
#include <ntddk.h>
#include "ramlog.h"
#include "trace.h"
#ifdef USE_WPP
#include "driver.tmh"
#endif

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DriverUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH DispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH DispatchDeviceControl;

static RING_BUFFER g_Ring;
static PDEVICE_OBJECT g_ControlDevice;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, DriverUnload)
#endif

static NTSTATUS
CreateControlDevice(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING deviceName;
    UNICODE_STRING linkName;
    PDEVICE_OBJECT device;
    NTSTATUS status;

    RtlInitUnicodeString(&deviceName, RAMLOG_DEVICE_NAME);
    RtlInitUnicodeString(&linkName, RAMLOG_LINK_NAME);

    NT_RETURN_IF_FAILED(IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN,
                                       FILE_DEVICE_SECURE_OPEN, FALSE, &device));

    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    g_ControlDevice = device;
    return STATUS_SUCCESS;
}

NTSTATUS
DispatchCreateClose(
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
DispatchDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sl->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RAMLOG_APPEND:
        RingAppend(&g_Ring, buffer, sl->Parameters.DeviceIoControl.InputBufferLength);
        break;
    case IOCTL_RAMLOG_READ:
        info = RingRead(&g_Ring, buffer, sl->Parameters.DeviceIoControl.OutputBufferLength);
        break;
    case IOCTL_RAMLOG_RESET:
        RingReset(&g_Ring);
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
DriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName;

    PAGED_CODE();

    RtlInitUnicodeString(&linkName, RAMLOG_LINK_NAME);
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_ControlDevice);
    RingFree(&g_Ring);

    WPP_CLEANUP(DriverObject);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    status = RingInitialize(&g_Ring, RAMLOG_DEFAULT_SIZE);
    if (!NT_SUCCESS(status)) {
        RETURN_STATUS_TRACE(status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    status = CreateControlDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        RETURN_STATUS_TRACE(status);
        RingFree(&g_Ring);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchDeviceControl;
    DriverObject->DriverUnload = DriverUnload;

    return STATUS_SUCCESS;
}
