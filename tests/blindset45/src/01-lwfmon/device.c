/*
 * device.c - control device for user-mode stats readers.
 */
#include "lwfmon.h"

static DRIVER_DISPATCH LwfDevDispatch;
static DRIVER_DISPATCH LwfDevIoControl;

static ULONG
LwfCopyStats(
    _Out_writes_bytes_(Length) PUCHAR Buffer,
    _In_ ULONG Length
    )
{
    PLIST_ENTRY Entry;
    ULONG       Copied = 0;

    NdisAcquireSpinLock(&Globals.ModuleLock);
    for (Entry = Globals.ModuleList.Flink;
         Entry != &Globals.ModuleList;
         Entry = Entry->Flink) {
        PLWF_MODULE Module = CONTAINING_RECORD(Entry, LWF_MODULE, Link);

        if (Length - Copied < sizeof(LWF_STATS)) {
            break;
        }
        NdisMoveMemory(Buffer + Copied, Module->Stats, sizeof(LWF_STATS));
        Copied += sizeof(LWF_STATS);
    }
    NdisReleaseSpinLock(&Globals.ModuleLock);

    return Copied;
}

static NTSTATUS
LwfDevDispatch(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
LwfDevIoControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION  Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS            Status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR           Info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (Stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_LWFMON_GET_STATS:
        Info = LwfCopyStats((PUCHAR)Irp->AssociatedIrp.SystemBuffer,
                            Stack->Parameters.DeviceIoControl.OutputBufferLength);
        Status = STATUS_SUCCESS;
        break;
    default:
        break;
    }

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NDIS_STATUS
LwfDeviceInit(
    _In_ NDIS_HANDLE FilterDriverHandle
    )
{
    NDIS_STATUS                     Status;
    NDIS_DEVICE_OBJECT_ATTRIBUTES   DevAttr;
    PDRIVER_DISPATCH                DispatchTable[IRP_MJ_MAXIMUM_FUNCTION + 1];
    UNICODE_STRING                  DeviceName = RTL_CONSTANT_STRING(LWF_DEVICE_NAME);
    UNICODE_STRING                  LinkName   = RTL_CONSTANT_STRING(LWF_LINK_NAME);

    NdisZeroMemory(DispatchTable, sizeof(DispatchTable));
    DispatchTable[IRP_MJ_CREATE]         = LwfDevDispatch;
    DispatchTable[IRP_MJ_CLEANUP]        = LwfDevDispatch;
    DispatchTable[IRP_MJ_CLOSE]          = LwfDevDispatch;
    DispatchTable[IRP_MJ_DEVICE_CONTROL] = LwfDevIoControl;

    NdisZeroMemory(&DevAttr, sizeof(DevAttr));
    DevAttr.Header.Type      = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    DevAttr.Header.Revision  = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    DevAttr.Header.Size      = sizeof(NDIS_DEVICE_OBJECT_ATTRIBUTES);
    DevAttr.DeviceName       = &DeviceName;
    DevAttr.SymbolicName     = &LinkName;
    DevAttr.MajorFunctions   = &DispatchTable[0];
    DevAttr.ExtensionSize    = 0;

    Status = NdisRegisterDeviceEx(FilterDriverHandle,
                                  &DevAttr,
                                  &Globals.DeviceObject,
                                  &Globals.DeviceHandle);
    if (Status != NDIS_STATUS_SUCCESS) {
        Globals.DeviceObject = NULL;
        Globals.DeviceHandle = NULL;
    }
    return Status;
}

VOID
LwfDeviceUninit(
    VOID
    )
{
    if (Globals.DeviceHandle != NULL) {
        NdisDeregisterDeviceEx(Globals.DeviceHandle);
        Globals.DeviceHandle = NULL;
        Globals.DeviceObject = NULL;
    }
}
