/*
 * lwfstat.c - DriverEntry/unload and the \Device\LwfStat control device
 */
#include "lwfstat.h"

LS_GLOBALS g_Ls;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH LsDispatchOpenClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH LsDispatchIoctl;

static NDIS_STATUS
LsRegisterDevice(VOID)
{
    NDIS_DEVICE_OBJECT_ATTRIBUTES attrs;
    PDRIVER_DISPATCH dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_STRING devName  = RTL_CONSTANT_STRING(LS_DEVICE_NAME);
    NDIS_STRING linkName = RTL_CONSTANT_STRING(LS_LINK_NAME);

    NdisZeroMemory(dispatch, sizeof(dispatch));
    dispatch[IRP_MJ_CREATE]         = LsDispatchOpenClose;
    dispatch[IRP_MJ_CLOSE]          = LsDispatchOpenClose;
    dispatch[IRP_MJ_DEVICE_CONTROL] = LsDispatchIoctl;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type     = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attrs.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.Header.Size     = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.DeviceName      = &devName;
    attrs.SymbolicName    = &linkName;
    attrs.MajorFunctions  = dispatch;

    return NdisRegisterDeviceEx(g_Ls.FilterDriverHandle, &attrs,
                                &g_Ls.DeviceObject, &g_Ls.DeviceHandle);
}

static VOID
LsDeregisterDevice(VOID)
{
    if (g_Ls.DeviceHandle != NULL) {
        NdisDeregisterDeviceEx(g_Ls.DeviceHandle);
        g_Ls.DeviceHandle = NULL;
        g_Ls.DeviceObject = NULL;
    }
}

#pragma NDIS_INIT_FUNCTION(DriverEntry)

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&g_Ls, sizeof(g_Ls));
    g_Ls.DriverObject = DriverObject;

    /* FilterAttach may run before NdisFRegisterFilterDriver returns */
    NdisAllocateSpinLock(&g_Ls.Lock);
    InitializeListHead(&g_Ls.Modules);

    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type        = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Size        = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.Header.Revision    = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fc.MajorNdisVersion   = 6;
    fc.MinorNdisVersion   = 30;
    fc.MajorDriverVersion = 2;
    fc.MinorDriverVersion = 0;

    RtlInitUnicodeString(&fc.FriendlyName, LS_FRIENDLY_NAME);
    RtlInitUnicodeString(&fc.UniqueName,   LS_UNIQUE_NAME);
    RtlInitUnicodeString(&fc.ServiceName,  LS_SERVICE_NAME);

    fc.AttachHandler                        = LsAttach;
    fc.DetachHandler                        = LsDetach;
    fc.RestartHandler                       = LsRestart;
    fc.PauseHandler                         = LsPause;
    fc.SendNetBufferListsHandler            = LsSendNbls;
    fc.SendNetBufferListsCompleteHandler    = LsSendNblsComplete;
    fc.ReceiveNetBufferListsHandler         = LsReceiveNbls;
    fc.ReturnNetBufferListsHandler          = LsReturnNbls;

    DriverObject->DriverUnload = LsUnload;

    status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject,
                                       &fc, &g_Ls.FilterDriverHandle);
    LS_CHECK_GOTO(status, "NdisFRegisterFilterDriver", FreeLock);

    status = LsRegisterDevice();
    LS_CHECK_GOTO(status, "NdisRegisterDeviceEx", DeregisterFilter);

    LS_LOG("loaded%s", "");
    return STATUS_SUCCESS;

DeregisterFilter:
    NdisFDeregisterFilterDriver(g_Ls.FilterDriverHandle);
    g_Ls.FilterDriverHandle = NULL;
FreeLock:
    NdisFreeSpinLock(&g_Ls.Lock);
    return (NTSTATUS)status;
}

VOID
LsUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    /* reverse of DriverEntry: device, filter registration, lock */
    LsDeregisterDevice();

    NdisFDeregisterFilterDriver(g_Ls.FilterDriverHandle);
    g_Ls.FilterDriverHandle = NULL;

    NT_ASSERT(IsListEmpty(&g_Ls.Modules));
    NdisFreeSpinLock(&g_Ls.Lock);

    LS_LOG("unloaded%s", "");
}

static NTSTATUS
LsDispatchOpenClose(
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
LsDispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_LWFSTAT_TOTALS:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(LS_TOTALS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        LsGetTotals((PLS_TOTALS)Irp->AssociatedIrp.SystemBuffer);
        info = sizeof(LS_TOTALS);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_LWFSTAT_RESET:
        LsResetCounters();
        status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
