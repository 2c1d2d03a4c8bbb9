//
// norecoil.sys - pulls the cursor down a bit while the left button is held
//
// the strength is set from the tray app through a second (named) device
//
#include "MouseFilter.h"

#define CTL_DEVICE_NAME     L"\\Device\\NoRecoilCtl"
#define CTL_SYMLINK_NAME    L"\\DosDevices\\NoRecoilCtl"

#define IOCTL_NR_SET_PULL   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_NR_GET_PULL   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)

namespace {
    PDEVICE_OBJECT g_CtlDevice = nullptr;
    UNICODE_STRING g_CtlLink   = RTL_CONSTANT_STRING(CTL_SYMLINK_NAME);

    NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS status, ULONG_PTR info = 0)
    {
        Irp->IoStatus.Status = status;
        Irp->IoStatus.Information = info;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    NTSTATUS CreateControlDevice(PDRIVER_OBJECT DriverObject)
    {
        UNICODE_STRING name = RTL_CONSTANT_STRING(CTL_DEVICE_NAME);

        auto status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g_CtlDevice);
        if (!NT_SUCCESS(status)) {
            return status;
        }

        status = IoCreateSymbolicLink(&g_CtlLink, &name);
        if (!NT_SUCCESS(status)) {
            IoDeleteDevice(g_CtlDevice);
            g_CtlDevice = nullptr;
            return status;
        }

        g_CtlDevice->Flags |= DO_BUFFERED_IO;
        g_CtlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
        return STATUS_SUCCESS;
    }

    void DeleteControlDevice()
    {
        if (g_CtlDevice) {
            IoDeleteSymbolicLink(&g_CtlLink);
            IoDeleteDevice(g_CtlDevice);
            g_CtlDevice = nullptr;
        }
    }
}

//
// the control device and the filter share one driver object, so every
// dispatch entry has to look at which device the irp is for
//
static NTSTATUS Dispatch(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    if (DeviceObject != g_CtlDevice) {
        auto sp = IoGetCurrentIrpStackLocation(Irp);
        switch (sp->MajorFunction) {
        case IRP_MJ_READ:  return MouseFilter::DispatchRead(DeviceObject, Irp);
        case IRP_MJ_POWER: return MouseFilter::DispatchPower(DeviceObject, Irp);
        default:           return MouseFilter::DispatchPassThrough(DeviceObject, Irp);
        }
    }
    return MouseFilter::DispatchIoctl(DeviceObject, Irp);
}

NTSTATUS MouseFilter::DispatchIoctl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto sp = IoGetCurrentIrpStackLocation(Irp);
    if (sp->MajorFunction == IRP_MJ_CREATE || sp->MajorFunction == IRP_MJ_CLOSE ||
        sp->MajorFunction == IRP_MJ_CLEANUP) {
        return CompleteIrp(Irp, STATUS_SUCCESS);
    }
    if (sp->MajorFunction != IRP_MJ_DEVICE_CONTROL) {
        return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }

    auto buf = static_cast<PLONG>(Irp->AssociatedIrp.SystemBuffer);
    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_NR_SET_PULL:
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(LONG)) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        if (*buf < 0 || *buf > MAX_PULL) {
            return CompleteIrp(Irp, STATUS_INVALID_PARAMETER);
        }
        SetPull(*buf);
        return CompleteIrp(Irp, STATUS_SUCCESS);

    case IOCTL_NR_GET_PULL:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(LONG)) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        *buf = GetPull();
        return CompleteIrp(Irp, STATUS_SUCCESS, sizeof(LONG));
    }
    return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
}

static VOID DriverUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    DeleteControlDevice();
    MouseFilter::Detach();
    NR_LOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; ++i) {
        DriverObject->MajorFunction[i] = Dispatch;
    }

    auto status = CreateControlDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        NR_LOG("control device failed 0x%X", status);
        return status;
    }

    status = MouseFilter::Attach(DriverObject);
    if (!NT_SUCCESS(status)) {
        DeleteControlDevice();
        return status;
    }

    DriverObject->DriverUnload = DriverUnload;
    return STATUS_SUCCESS;
}
