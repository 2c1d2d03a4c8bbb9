/*++

Copyright (c) Lucerne Publishing IT.  All rights reserved.

Module Name:

    device.c

Abstract:

    Control device creation/deletion and IRP dispatch for the service
    watchdog.

Environment:

    Kernel mode.

--*/

#include "wdctl.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, LgCreateControlDevice)
#pragma alloc_text(PAGE, LgDeleteControlDevice)
#pragma alloc_text(PAGE, LgDispatchCreateClose)
#pragma alloc_text(PAGE, LgDispatchDeviceControl)
#pragma alloc_text(PAGE, LgDispatchShutdown)
#endif


_Use_decl_annotations_
NTSTATUS
LgCreateControlDevice(
    PDRIVER_OBJECT DriverObject,
    PLG_GLOBALS Globals
    )
/*++

Routine Description:

    Creates the named, exclusive control device and its DOS link.  On
    failure nothing is left behind.

--*/
{
    NTSTATUS status;
    UNICODE_STRING ntName = RTL_CONSTANT_STRING(LG_NT_DEVICE_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(LG_DOS_DEVICE_NAME);
    PDEVICE_OBJECT deviceObject = NULL;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject,
                            0,
                            &ntName,
                            FILE_DEVICE_LGWATCHDOG,
                            FILE_DEVICE_SECURE_OPEN,
                            TRUE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    deviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    Globals->ControlDevice = deviceObject;
    Globals->LinkCreated = TRUE;

    return STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
LgDeleteControlDevice(
    PLG_GLOBALS Globals
    )
{
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(LG_DOS_DEVICE_NAME);

    PAGED_CODE();

    if (Globals->LinkCreated) {
        (VOID)IoDeleteSymbolicLink(&dosName);
        Globals->LinkCreated = FALSE;
    }

    if (Globals->ControlDevice != NULL) {
        IoDeleteDevice(Globals->ControlDevice);
        Globals->ControlDevice = NULL;
    }
}


_Use_decl_annotations_
NTSTATUS
LgDispatchInvalid(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return STATUS_INVALID_DEVICE_REQUEST;
}


_Use_decl_annotations_
NTSTATUS
LgDispatchCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return STATUS_SUCCESS;
}


_Use_decl_annotations_
NTSTATUS
LgDispatchDeviceControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLength = irpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLength = irpSp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR information = 0;
    ULONG copied;
    ULONG timeout;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_LG_PING:
        InterlockedExchange64(&g_Lg.LastPing, (LONG64)KeQueryInterruptTime());
        LgRecordEvent(&g_Lg, LgEventPing, 0);
        break;

    case IOCTL_LG_READ_EVENTS:
        if (outLength < sizeof(LG_EVENT)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        copied = LgCopyEvents(&g_Lg, (PLG_EVENT)buffer, outLength / sizeof(LG_EVENT));
        information = (ULONG_PTR)copied * sizeof(LG_EVENT);
        break;

    case IOCTL_LG_SET_TIMEOUT:
        if (inLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        timeout = *(PULONG)buffer;
        if (timeout < 1 || timeout > 3600) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        g_Lg.Config.TimeoutSeconds = timeout;
        LgRecordEvent(&g_Lg, LgEventTimeoutChanged, timeout);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return status;
}


_Use_decl_annotations_
NTSTATUS
LgDispatchShutdown(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
/*++

Routine Description:

    Sent because the control device is registered with
    IoRegisterShutdownNotification.  Records the time of the clean
    shutdown so the service can tell it apart from a crash on the next
    boot.

--*/
{
    LARGE_INTEGER now;
    NTSTATUS status;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(DeviceObject);

    LgStopWatchdog(&g_Lg);

    if (g_Lg.ParametersPath[0] != UNICODE_NULL) {

        KeQuerySystemTime(&now);

        status = RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE,
                                       g_Lg.ParametersPath,
                                       L"LastCleanShutdown",
                                       REG_QWORD,
                                       &now.QuadPart,
                                       sizeof(now.QuadPart));
        if (!NT_SUCCESS(status)) {
            LG_ERR("could not record clean shutdown: 0x%08X", status);
        }
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return STATUS_SUCCESS;
}
