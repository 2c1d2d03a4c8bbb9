/*++
    RegGuard - IRP dispatch for the control and status devices.
--*/
#include "regguard.h"

static NTSTATUS
RgComplete(_In_ PIRP Irp, _In_ NTSTATUS Status, _In_ ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
RgDispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return RgComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
RgDispatchDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    RG_DEVICE_ROLE role = ((PRG_DEVICE_EXTENSION)DeviceObject->DeviceExtension)->Role;
    ULONG inLen = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    PRG_COUNTERS counters;
    ULONG_PTR information = 0;
    NTSTATUS status;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RG_ADD_PREFIX:
        if (role != RgRoleControl) {
            status = STATUS_INVALID_DEVICE_REQUEST;
        } else if (inLen == 0 || inLen > RG_MAX_PREFIX_BYTES) {
            status = STATUS_INVALID_PARAMETER;
        } else {
            status = RgAddPrefix((PCWCH)buffer, (USHORT)inLen);
        }
        break;

    case IOCTL_RG_CLEAR_PREFIXES:
        if (role != RgRoleControl) {
            status = STATUS_INVALID_DEVICE_REQUEST;
        } else {
            RgClearPrefixes();
            status = STATUS_SUCCESS;
        }
        break;

    case IOCTL_RG_GET_COUNTERS:
        if (outLen < sizeof(RG_COUNTERS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        counters = (PRG_COUNTERS)buffer;
        counters->WritesDenied = InterlockedCompareExchange(&g_Rg.WritesDenied, 0, 0);
        counters->ImagesLoaded = InterlockedCompareExchange(&g_Rg.ImagesLoaded, 0, 0);
        counters->KernelImagesLoaded = InterlockedCompareExchange(&g_Rg.KernelImagesLoaded, 0, 0);
        ExEnterCriticalRegionAndAcquireResourceShared(&g_Rg.PrefixLock);
        counters->PrefixCount = g_Rg.PrefixCount;
        ExReleaseResourceAndLeaveCriticalRegion(&g_Rg.PrefixLock);
        information = sizeof(RG_COUNTERS);
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    return RgComplete(Irp, status, information);
}
