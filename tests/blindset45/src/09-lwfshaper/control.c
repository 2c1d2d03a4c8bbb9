/*
 * control.c - \\.\LwfShaper, one IOCTL to change the budget.
 */
#include "shaper.h"

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_CLEANUP)
static DRIVER_DISPATCH ShDispatchSimple;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH ShDispatchIoctl;

static NTSTATUS
ShDispatchSimple(
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
ShDispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION  sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS            status = STATUS_INVALID_DEVICE_REQUEST;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_SHAPER_SET_BUDGET) {
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ULONG budget = *(PULONG)Irp->AssociatedIrp.SystemBuffer;

            if (budget == 0 || budget > MAXLONG) {
                status = STATUS_INVALID_PARAMETER;
            } else {
                InterlockedExchange(&Globals.Budget, (LONG)budget);
                status = STATUS_SUCCESS;
            }
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NDIS_STATUS
ShControlInit(
    _In_ NDIS_HANDLE FilterDriverHandle
    )
{
    NDIS_STATUS                     status;
    NDIS_DEVICE_OBJECT_ATTRIBUTES   attr;
    PDRIVER_DISPATCH                table[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_STRING                     devName  = RTL_CONSTANT_STRING(SH_DEVICE_NAME);
    NDIS_STRING                     linkName = RTL_CONSTANT_STRING(SH_LINK_NAME);

    NdisZeroMemory(table, sizeof(table));
    table[IRP_MJ_CREATE]         = ShDispatchSimple;
    table[IRP_MJ_CLEANUP]        = ShDispatchSimple;
    table[IRP_MJ_CLOSE]          = ShDispatchSimple;
    table[IRP_MJ_DEVICE_CONTROL] = ShDispatchIoctl;

    NdisZeroMemory(&attr, sizeof(attr));
    attr.Header.Type     = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attr.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attr.Header.Size     = sizeof(NDIS_DEVICE_OBJECT_ATTRIBUTES);
    attr.DeviceName      = &devName;
    attr.SymbolicName    = &linkName;
    attr.MajorFunctions  = &table[0];
    attr.ExtensionSize   = 0;

    status = NdisRegisterDeviceEx(FilterDriverHandle, &attr,
                                  &Globals.DeviceObject, &Globals.DeviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        Globals.DeviceObject = NULL;
        Globals.DeviceHandle = NULL;
    }
    return status;
}

VOID
ShControlUninit(VOID)
{
    if (Globals.DeviceHandle != NULL) {
        NdisDeregisterDeviceEx(Globals.DeviceHandle);
        Globals.DeviceHandle = NULL;
        Globals.DeviceObject = NULL;
    }
}
