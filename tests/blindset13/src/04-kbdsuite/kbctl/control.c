/*
 * control.c - kbctl.sys: lets kbmon.exe switch kbfilter's capture mode.
 * The filter picks the setting up the next time it loads.
 */
#include "control.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CtlUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH CtlCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH CtlDeviceControl;

NTSTATUS CtlCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS CtlDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PULONG buf = (PULONG)Irp->AssociatedIrp.SystemBuffer;
    ULONG_PTR info = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_KBSUITE_SET_CAPTURE:
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ExAcquireFastMutex(&g_State->Lock);
        status = KsWriteDword(KBSUITE_FILTER_PARAMS, KBSUITE_VALUE_CAPTURE, *buf ? 1 : 0);
        if (NT_SUCCESS(status)) {
            g_State->Capture = *buf ? 1 : 0;
            g_State->Writes++;
        }
        ExReleaseFastMutex(&g_State->Lock);
        break;

    case IOCTL_KBSUITE_GET_CAPTURE:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *buf = g_State->Capture;
        info = sizeof(ULONG);
        status = STATUS_SUCCESS;
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

VOID CtlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    CleanupGlobals();
    KLOG("unloaded");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    KlogInit("kbctl");

    status = CreateDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        KLOG("CreateDevice failed 0x%08X", status);
        return status;
    }

    status = InitDevice();
    if (!NT_SUCCESS(status)) {
        KLOG("InitDevice failed 0x%08X", status);
        CleanupGlobals();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CtlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CtlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CtlDeviceControl;
    DriverObject->DriverUnload = CtlUnload;
    return STATUS_SUCCESS;
}
