//
// driver.cpp - objwatch entry points
//
#include "protector.h"

#define IOCTL_OW_PROTECT    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x960, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_OW_UNPROTECT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x961, METHOD_BUFFERED, FILE_WRITE_ACCESS)

namespace
{
    ProcessProtector g_Protector;
    PDEVICE_OBJECT   g_Device;

    UNICODE_STRING   g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\ObjWatch");
    UNICODE_STRING   g_LinkName   = RTL_CONSTANT_STRING(L"\\??\\ObjWatch");

    NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS Status)
    {
        Irp->IoStatus.Status = Status;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return Status;
    }

    NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
    {
        return CompleteIrp(Irp, STATUS_SUCCESS);
    }

    NTSTATUS DispatchDeviceControl(PDEVICE_OBJECT, PIRP Irp)
    {
        auto sp = IoGetCurrentIrpStackLocation(Irp);
        auto& dic = sp->Parameters.DeviceIoControl;

        if (dic.InputBufferLength < sizeof(ULONG)) {
            return CompleteIrp(Irp, STATUS_INVALID_PARAMETER);
        }
        HANDLE pid = ULongToHandle(*static_cast<PULONG>(Irp->AssociatedIrp.SystemBuffer));

        switch (dic.IoControlCode) {
        case IOCTL_OW_PROTECT:
            return CompleteIrp(Irp, g_Protector.Protect(pid));
        case IOCTL_OW_UNPROTECT:
            g_Protector.Unprotect(pid);
            return CompleteIrp(Irp, STATUS_SUCCESS);
        default:
            return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
        }
    }

    void OwUnload(PDRIVER_OBJECT)
    {
        g_Protector.Stop();
        IoDeleteSymbolicLink(&g_LinkName);
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
    }
}

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    g_Protector.Initialize();

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &g_DeviceName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
        return status;
    }

    status = g_Protector.Start();
    if (!NT_SUCCESS(status)) {
        // STATUS_ACCESS_DENIED: image not linked with /INTEGRITYCHECK
        IoDeleteSymbolicLink(&g_LinkName);
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchDeviceControl;
    DriverObject->DriverUnload = OwUnload;

    g_Device->Flags |= DO_BUFFERED_IO;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
