/*
 * ctl.c - \\.\LwfDrop control device
 */
#include "lwfdrop.h"

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH DropCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH DropDeviceControl;

_Use_decl_annotations_
NTSTATUS
DropCreateClose(
    PDEVICE_OBJECT  DeviceObject,
    PIRP            Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static LONG64
DropTotal(VOID)
{
    PLIST_ENTRY e;
    LONG64 total = 0;

    NdisAcquireSpinLock(&DropDriver.Lock);
    for (e = DropDriver.Modules.Flink; e != &DropDriver.Modules; e = e->Flink) {
        total += CONTAINING_RECORD(e, DROP_MODULE, Link)->Dropped;
    }
    NdisReleaseSpinLock(&DropDriver.Lock);
    return total;
}

_Use_decl_annotations_
NTSTATUS
DropDeviceControl(
    PDEVICE_OBJECT  DeviceObject,
    PIRP            Irp
    )
{
    PIO_STACK_LOCATION  sp = IoGetCurrentIrpStackLocation(Irp);
    PVOID               buf = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS            status = STATUS_SUCCESS;
    ULONG_PTR           info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_LWFDROP_SET_ETHERTYPE:
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(USHORT)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        InterlockedExchange(&DropDriver.EtherType, *(PUSHORT)buf);
        DLOG("now dropping ethertype 0x%04X", *(PUSHORT)buf);
        break;

    case IOCTL_LWFDROP_GET_DROPPED:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(LONG64)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PLONG64)buf = DropTotal();
        info = sizeof(LONG64);
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

NDIS_STATUS
DropCreateControlDevice(VOID)
{
    NDIS_DEVICE_OBJECT_ATTRIBUTES   da;
    PDRIVER_DISPATCH                mj[IRP_MJ_MAXIMUM_FUNCTION + 1];
    UNICODE_STRING                  devName, linkName;
    NDIS_STATUS                     status;

    RtlInitUnicodeString(&devName, DROP_DEVICE_NAME);
    RtlInitUnicodeString(&linkName, DROP_LINK_NAME);

    NdisZeroMemory(mj, sizeof(mj));
    mj[IRP_MJ_CREATE]         = DropCreateClose;
    mj[IRP_MJ_CLOSE]          = DropCreateClose;
    mj[IRP_MJ_DEVICE_CONTROL] = DropDeviceControl;

    NdisZeroMemory(&da, sizeof(da));
    da.Header.Type     = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    da.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    da.Header.Size     = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    da.DeviceName      = &devName;
    da.SymbolicName    = &linkName;
    da.MajorFunctions  = &mj[0];

    status = NdisRegisterDeviceEx(DropDriver.FilterDriverHandle, &da,
                                  &DropDriver.DeviceObject, &DropDriver.DeviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DropDriver.DeviceObject = NULL;
        DropDriver.DeviceHandle = NULL;
    }
    return status;
}

VOID
DropDeleteControlDevice(VOID)
{
    if (DropDriver.DeviceHandle != NULL) {
        NdisDeregisterDeviceEx(DropDriver.DeviceHandle);
        DropDriver.DeviceHandle = NULL;
        DropDriver.DeviceObject = NULL;
    }
}
