//
// regprot.sys - keeps user mode away from the driver's own service key and
// from terminating its companion service
//
#include "protector.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD   RpUnload;
static DRIVER_DISPATCH RpCreateClose;
static DRIVER_DISPATCH RpDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

namespace {
    rp::Protector* g_Protector = nullptr;
}

NTSTATUS RpCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS RpDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto self  = *static_cast<rp::Protector**>(DeviceObject->DeviceExtension);
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& dic  = stack->Parameters.DeviceIoControl;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    switch (dic.IoControlCode) {
    case IOCTL_RP_SET_SERVICE_PID:
        if (dic.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        self->SetServicePid(*static_cast<ULONG*>(Irp->AssociatedIrp.SystemBuffer));
        status = STATUS_SUCCESS;
        break;

    case IOCTL_RP_GET_BLOCKED:
        if (dic.OutputBufferLength < sizeof(LONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *static_cast<LONG*>(Irp->AssociatedIrp.SystemBuffer) = self->Blocked();
        info = sizeof(LONG);
        status = STATUS_SUCCESS;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

void RpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    rp::Protector::Destroy(g_Protector);
    g_Protector = nullptr;
    RPLOG("unloaded");
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    RPLOG("DriverEntry %wZ", RegistryPath);

    // dispatch table first, the device may be opened as soon as it exists
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = RpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = RpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RpDeviceControl;

    auto status = rp::Protector::Create(DriverObject, RegistryPath, &g_Protector);
    if (!NT_SUCCESS(status)) {
        RPLOG("init failed 0x%08X", status);
        return status;
    }

    DriverObject->DriverUnload = RpUnload;
    return STATUS_SUCCESS;
}
