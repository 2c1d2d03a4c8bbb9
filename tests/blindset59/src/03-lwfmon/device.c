/*
 * device.c - control device so the lwfmon CLI can read the counters
 */
#include "filter.h"

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLEANUP)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH lwfDispatchSimple;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH lwfDispatchIoctl;

NTSTATUS
lwfDispatchSimple(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
lwfDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG OutLen = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG Needed;
    ULONG i = 0;
    PLIST_ENTRY Entry;
    PLWF_COUNTS_OUT Out = (PLWF_COUNTS_OUT)Irp->AssociatedIrp.SystemBuffer;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (IrpSp->Parameters.DeviceIoControl.IoControlCode)
    {
    case IOCTL_LWF_QUERY_COUNTS:
        NdisAcquireSpinLock(&Globals.FilterListLock);
        Needed = Globals.ModuleCount * sizeof(LWF_COUNTS_OUT);
        if (OutLen < Needed)
        {
            NdisReleaseSpinLock(&Globals.FilterListLock);
            Irp->IoStatus.Information = 0;
            Status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        for (Entry = Globals.FilterModuleList.Flink;
             Entry != &Globals.FilterModuleList;
             Entry = Entry->Flink, i++)
        {
            PLWF_MODULE Module = CONTAINING_RECORD(Entry, LWF_MODULE, Link);
            Out[i].IfIndex = Module->IfIndex;
            Out[i].Reserved = 0;
            Out[i].RxFrames = Module->RxFrames;
        }
        NdisReleaseSpinLock(&Globals.FilterListLock);
        Irp->IoStatus.Information = Needed;
        break;

    default:
        Irp->IoStatus.Information = 0;
        Status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

BOOLEAN
lwfRegisterDevice(VOID)
{
    NDIS_STATUS Status;
    UNICODE_STRING DeviceName;
    UNICODE_STRING DeviceLinkUnicodeString;
    PDRIVER_DISPATCH DispatchTable[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_DEVICE_OBJECT_ATTRIBUTES DeviceAttribute;

    LOG_ENTER();

    NdisZeroMemory(DispatchTable, sizeof(DispatchTable));
    DispatchTable[IRP_MJ_CREATE]         = lwfDispatchSimple;
    DispatchTable[IRP_MJ_CLEANUP]        = lwfDispatchSimple;
    DispatchTable[IRP_MJ_CLOSE]          = lwfDispatchSimple;
    DispatchTable[IRP_MJ_DEVICE_CONTROL] = lwfDispatchIoctl;

    NdisInitUnicodeString(&DeviceName, LWF_DEVICE_NAME);
    NdisInitUnicodeString(&DeviceLinkUnicodeString, LWF_LINK_NAME);

    NdisZeroMemory(&DeviceAttribute, sizeof(DeviceAttribute));
    DeviceAttribute.Header.Type     = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    DeviceAttribute.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    DeviceAttribute.Header.Size     = sizeof(NDIS_DEVICE_OBJECT_ATTRIBUTES);
    DeviceAttribute.DeviceName       = &DeviceName;
    DeviceAttribute.SymbolicName     = &DeviceLinkUnicodeString;
    DeviceAttribute.MajorFunctions   = &DispatchTable[0];
    DeviceAttribute.ExtensionSize    = 0;

    Status = NdisRegisterDeviceEx(Globals.FilterDriverHandle,
                                  &DeviceAttribute,
                                  &Globals.ControlDevice,
                                  &Globals.NdisDeviceHandle);

    LOG_EXIT(Status);
    return (Status == NDIS_STATUS_SUCCESS) ? TRUE : FALSE;
}

VOID
lwfDeregisterDevice(VOID)
{
    if (Globals.NdisDeviceHandle != NULL)
    {
        NdisDeregisterDeviceEx(Globals.NdisDeviceHandle);
        Globals.NdisDeviceHandle = NULL;
        Globals.ControlDevice = NULL;
    }
}
