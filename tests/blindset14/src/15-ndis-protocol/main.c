/*
 * main.c - NetSniff entry point, unload and the stats device
 */
#include "ndisprot.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NpUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH NpCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH NpIoctl;

NP_GLOBALS g_Np;

static UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\NetSniff");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\NetSniff");

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS pc;
    NDIS_STRING name = RTL_CONSTANT_STRING(NP_PROTOCOL_NAME);
    NDIS_STATUS ndisStatus;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisAllocateSpinLock(&g_Np.Lock);
    InitializeListHead(&g_Np.Adapters);
    g_Np.AdapterCount = 0;

    NdisZeroMemory(&pc, sizeof(pc));
    pc.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    pc.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    pc.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    pc.MajorNdisVersion = 6;
    pc.MinorNdisVersion = 30;
    pc.Name = name;
    pc.BindAdapterHandlerEx = NpBind;
    pc.UnbindAdapterHandlerEx = NpUnbind;
    pc.OpenAdapterCompleteHandlerEx = NpOpenComplete;
    pc.CloseAdapterCompleteHandlerEx = NpCloseComplete;
    pc.OidRequestCompleteHandler = NpOidComplete;
    pc.ReceiveNetBufferListsHandler = NpReceive;
    pc.SendNetBufferListsCompleteHandler = NpSendComplete;
    pc.StatusHandlerEx = NpStatus;
    pc.NetPnPEventHandler = NpPnpEvent;

    /* binds can start arriving before this even returns */
    ndisStatus = NdisRegisterProtocolDriver(NULL, &pc, &g_Np.ProtocolHandle);
    if (ndisStatus != NDIS_STATUS_SUCCESS) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "netsniff: register 0x%08X\n", ndisStatus);
        NdisFreeSpinLock(&g_Np.Lock);
        return (NTSTATUS)ndisStatus;
    }

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_NETWORK, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &g_Np.ControlDevice);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "netsniff: IoCreateDevice 0x%08X\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "netsniff: IoCreateSymbolicLink 0x%08X\n", status);
        IoDeleteDevice(g_Np.ControlDevice);
        NdisDeregisterProtocolDriver(g_Np.ProtocolHandle);
        NdisFreeSpinLock(&g_Np.Lock);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = NpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = NpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = NpIoctl;
    DriverObject->DriverUnload = NpUnload;

    g_Np.ControlDevice->Flags |= DO_BUFFERED_IO;
    g_Np.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID NpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    IoDeleteDevice(g_Np.ControlDevice);
    g_Np.ControlDevice = NULL;

    /* NDIS calls NpUnbind for every open binding before this returns */
    NdisDeregisterProtocolDriver(g_Np.ProtocolHandle);
    g_Np.ProtocolHandle = NULL;

    NdisFreeSpinLock(&g_Np.Lock);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "netsniff: unloaded\n");
}

NTSTATUS NpCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS NpIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_NP_STATS) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(NP_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            NpGetStats((NP_STATS*)Irp->AssociatedIrp.SystemBuffer);
            info = sizeof(NP_STATS);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
