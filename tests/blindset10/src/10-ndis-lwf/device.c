/*
 * device.c - the control device pktstat.exe talks to
 */
#include "pktcount.h"

static NDIS_HANDLE    g_NdisDeviceHandle;
static PDEVICE_OBJECT g_ControlDevice;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_CLEANUP)
static DRIVER_DISPATCH PcDispatchSimple;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH PcDispatchIoctl;

static NTSTATUS
PcDispatchSimple(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
PcDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PC_COUNTERS *out = (PC_COUNTERS *)Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG n = 0;
    PLIST_ENTRY e;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_PC_GET_COUNTERS) {
        status = STATUS_INVALID_DEVICE_REQUEST;
        goto done;
    }

    NdisAcquireSpinLock(&g_ModuleLock);
    for (e = g_ModuleList.Flink; e != &g_ModuleList; e = e->Flink) {
        PPC_MODULE m = CONTAINING_RECORD(e, PC_MODULE, Link);
        if ((n + 1) * sizeof(PC_COUNTERS) > outLen) {
            status = STATUS_BUFFER_OVERFLOW;
            break;
        }
        out[n].IfIndex = m->IfIndex;
        out[n].RxFrames = m->RxFrames;
        out[n].TxFrames = m->TxFrames;
        n++;
    }
    NdisReleaseSpinLock(&g_ModuleLock);

done:
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = n * sizeof(PC_COUNTERS);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NDIS_STATUS
PcRegisterDevice(VOID)
{
    NDIS_DEVICE_OBJECT_ATTRIBUTES attrs;
    PDRIVER_DISPATCH dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_STRING devName = RTL_CONSTANT_STRING(PC_DEVICE_NAME);
    NDIS_STRING linkName = RTL_CONSTANT_STRING(PC_LINK_NAME);
    NDIS_STATUS status;

    NdisZeroMemory(dispatch, sizeof(dispatch));
    dispatch[IRP_MJ_CREATE] = PcDispatchSimple;
    dispatch[IRP_MJ_CLOSE] = PcDispatchSimple;
    dispatch[IRP_MJ_CLEANUP] = PcDispatchSimple;
    dispatch[IRP_MJ_DEVICE_CONTROL] = PcDispatchIoctl;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attrs.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.Header.Size = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.DeviceName = &devName;
    attrs.SymbolicName = &linkName;
    attrs.MajorFunctions = dispatch;
    attrs.ExtensionSize = 0;

    status = NdisRegisterDeviceEx(g_FilterDriverHandle, &attrs,
                                  &g_ControlDevice, &g_NdisDeviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        g_ControlDevice = NULL;
        g_NdisDeviceHandle = NULL;
        return status;
    }

    g_ControlDevice->Flags |= DO_BUFFERED_IO;
    return NDIS_STATUS_SUCCESS;
}

VOID
PcDeregisterDevice(VOID)
{
    if (g_NdisDeviceHandle != NULL) {
        NdisDeregisterDeviceEx(g_NdisDeviceHandle);
        g_NdisDeviceHandle = NULL;
        g_ControlDevice = NULL;
    }
}
