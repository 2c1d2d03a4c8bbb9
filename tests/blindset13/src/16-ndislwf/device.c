/*
 * device.c - the optional control device, registered through NDIS so it
 * shares the filter's driver object safely.
 */
#include "filter.h"

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH LwfDispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH LwfDispatchIoctl;

static NTSTATUS LwfDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS LwfDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_LWF_GET_MODULES) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            NdisAcquireSpinLock(&g_Lwf.Lock);
            *(PULONG)Irp->AssociatedIrp.SystemBuffer = g_Lwf.ModuleCount;
            NdisReleaseSpinLock(&g_Lwf.Lock);
            info = sizeof(ULONG);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NDIS_STATUS LwfRegisterDevice(VOID)
{
    NDIS_DEVICE_OBJECT_ATTRIBUTES attrs;
    PDRIVER_DISPATCH dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_STRING devName = RTL_CONSTANT_STRING(LWF_DEVICE_NAME);
    NDIS_STRING linkName = RTL_CONSTANT_STRING(LWF_LINK_NAME);

    NdisZeroMemory(dispatch, sizeof(dispatch));
    dispatch[IRP_MJ_CREATE] = LwfDispatchCreateClose;
    dispatch[IRP_MJ_CLOSE] = LwfDispatchCreateClose;
    dispatch[IRP_MJ_DEVICE_CONTROL] = LwfDispatchIoctl;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attrs.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.Header.Size = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.DeviceName = &devName;
    attrs.SymbolicName = &linkName;
    attrs.MajorFunctions = dispatch;
    attrs.ExtensionSize = 0;
    attrs.DefaultSDDLString = NULL;
    attrs.DeviceClassGuid = NULL;

    return NdisRegisterDeviceEx(g_Lwf.FilterDriverHandle, &attrs,
                                &g_Lwf.DeviceObject, &g_Lwf.DeviceHandle);
}

VOID LwfDeregisterDevice(VOID)
{
    if (g_Lwf.DeviceHandle != NULL) {
        NdisDeregisterDeviceEx(g_Lwf.DeviceHandle);
        g_Lwf.DeviceHandle = NULL;
        g_Lwf.DeviceObject = NULL;
    }
}
