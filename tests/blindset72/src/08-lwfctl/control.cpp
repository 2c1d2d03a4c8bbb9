#include "lwfctl.h"

namespace lwfctl {

PDEVICE_OBJECT Control::Device = nullptr;
NDIS_HANDLE    Control::DeviceHandle = nullptr;

static DRIVER_DISPATCH CtlDispatch;

static NTSTATUS
CtlDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS st = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    if (sp->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        auto& p = sp->Parameters.DeviceIoControl;
        switch (p.IoControlCode) {
        case IOCTL_LWFCTL_SET_DROP:
            if (p.InputBufferLength < sizeof(ULONG)) {
                st = STATUS_BUFFER_TOO_SMALL;
                break;
            }
            InterlockedExchange(&Filter::DropInbound,
                                *static_cast<PULONG>(Irp->AssociatedIrp.SystemBuffer) ? 1 : 0);
            break;
        case IOCTL_LWFCTL_GET_DROPS:
            if (p.OutputBufferLength < sizeof(LONG64)) {
                st = STATUS_BUFFER_TOO_SMALL;
                break;
            }
            *static_cast<LONG64*>(Irp->AssociatedIrp.SystemBuffer) = Filter::TotalDropped;
            info = sizeof(LONG64);
            break;
        default:
            st = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
    }

    Irp->IoStatus.Status = st;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return st;
}

NDIS_STATUS Control::Create()
{
    static PDRIVER_DISPATCH dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];
    for (auto& d : dispatch) d = nullptr;
    dispatch[IRP_MJ_CREATE]         = CtlDispatch;
    dispatch[IRP_MJ_CLEANUP]        = CtlDispatch;
    dispatch[IRP_MJ_CLOSE]          = CtlDispatch;
    dispatch[IRP_MJ_DEVICE_CONTROL] = CtlDispatch;

    NDIS_STRING devName = RTL_CONSTANT_STRING(LWFCTL_DEVICE);
    NDIS_STRING linkName = RTL_CONSTANT_STRING(LWFCTL_SYMLINK);

    NDIS_DEVICE_OBJECT_ATTRIBUTES a;
    NdisZeroMemory(&a, sizeof(a));
    a.Header.Type     = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    a.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    a.Header.Size     = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    a.DeviceName      = &devName;
    a.SymbolicName    = &linkName;
    a.MajorFunctions  = dispatch;
    a.ExtensionSize   = 0;

    NDIS_STATUS st = NdisRegisterDeviceEx(Filter::DriverHandle, &a, &Device, &DeviceHandle);
    if (st != NDIS_STATUS_SUCCESS) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_IOCTL, "NdisRegisterDeviceEx 0x%08x", st);
        Device = nullptr;
        DeviceHandle = nullptr;
    }
    return st;
}

void Control::Destroy()
{
    if (Device) {
        IoDeleteDevice(Device);
        Device = nullptr;
        DeviceHandle = nullptr;
    }
}

} // namespace lwfctl
