#include "LwfCount.h"

namespace lwfc {

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLEANUP)
_Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH DispatchPassThrough;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH DispatchIoctl;

static NTSTATUS DispatchPassThrough(PDEVICE_OBJECT, PIRP irp)
{
    irp->IoStatus.Status = STATUS_SUCCESS;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS DispatchIoctl(PDEVICE_OBJECT, PIRP irp)
{
    auto sp = IoGetCurrentIrpStackLocation(irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_LWFC_SNAPSHOT) {
        auto out = static_cast<Snapshot*>(irp->AssociatedIrp.SystemBuffer);
        ULONG capacity = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(Snapshot);
        ULONG written = 0;

        SpinGuard lock(&Driver::ListLock);
        if (capacity < Driver::ModuleCount) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            for (auto e = Driver::Modules.Flink; e != &Driver::Modules; e = e->Flink) {
                auto m = CONTAINING_RECORD(e, Module, Link);
                out[written].IfIndex = m->IfIndex;
                out[written].State = static_cast<ULONG>(m->CurrentState);
                out[written].TxNbls = m->TxNbls;
                out[written].RxNbls = m->RxNbls;
                written++;
            }
            info = written * sizeof(Snapshot);
            status = STATUS_SUCCESS;
        }
    }

    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NDIS_STATUS RegisterControlDevice()
{
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(LWFC_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(LWFC_LINK_NAME);
    PDRIVER_DISPATCH dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1] = {};

    dispatch[IRP_MJ_CREATE] = DispatchPassThrough;
    dispatch[IRP_MJ_CLEANUP] = DispatchPassThrough;
    dispatch[IRP_MJ_CLOSE] = DispatchPassThrough;
    dispatch[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;

    NDIS_DEVICE_OBJECT_ATTRIBUTES attrs = {};
    attrs.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attrs.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.Header.Size = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.DeviceName = &deviceName;
    attrs.SymbolicName = &linkName;
    attrs.MajorFunctions = dispatch;
    attrs.ExtensionSize = 0;
    attrs.DefaultSDDLString = nullptr;   // admins and system only
    attrs.DeviceClassGuid = nullptr;

    return NdisRegisterDeviceEx(Driver::FilterDriverHandle, &attrs,
                                &Driver::ControlDevice, &Driver::DeviceHandle);
}

void DeregisterControlDevice()
{
    if (Driver::DeviceHandle != nullptr) {
        NdisDeregisterDeviceEx(Driver::DeviceHandle);
        Driver::DeviceHandle = nullptr;
        Driver::ControlDevice = nullptr;
    }
}

} // namespace lwfc
