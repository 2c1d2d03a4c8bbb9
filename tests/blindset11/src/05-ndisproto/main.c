/*
 * main.c - DriverEntry, unload and the control device of NdisPeek
 */
#include "ndisproto.h"

NP_GLOBALS g_Np;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     NpUnload;
DRIVER_DISPATCH   NpDispatchCreateClose;
DRIVER_DISPATCH   NpDispatchIoctl;

NTSTATUS
NpDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
NpDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_NP_GET_STATS:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(NP_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        NpCollectStats((PNP_STATS)Irp->AssociatedIrp.SystemBuffer);
        info = sizeof(NP_STATS);
        break;
    case IOCTL_NP_RESET:
        NpResetStats();
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

/*
 * Shared by the failure path of DriverEntry and by NpUnload: undo what
 * the flags say was done, newest first.
 */
static VOID
NpTeardown(VOID)
{
    if (g_Np.Flags & NP_F_PROTOCOL) {
        /* unbinds every adapter before returning */
        NdisDeregisterProtocolDriver(g_Np.ProtocolHandle);
        g_Np.ProtocolHandle = NULL;
        g_Np.Flags &= ~NP_F_PROTOCOL;
    }
    if (g_Np.Flags & NP_F_LINK) {
        UNICODE_STRING link = RTL_CONSTANT_STRING(NP_LINK_NAME);
        IoDeleteSymbolicLink(&link);
        g_Np.Flags &= ~NP_F_LINK;
    }
    if (g_Np.Flags & NP_F_DEVICE) {
        IoDeleteDevice(g_Np.ControlDevice);
        g_Np.ControlDevice = NULL;
        g_Np.Flags &= ~NP_F_DEVICE;
    }
    if (g_Np.Flags & NP_F_LOOKASIDE) {
        ExDeleteNPagedLookasideList(&g_Np.BindingLookaside);
        g_Np.Flags &= ~NP_F_LOOKASIDE;
    }
}

VOID
NpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    NpTeardown();
    NdisFreeSpinLock(&g_Np.Lock);
    NP_DBG("unloaded\n");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(NP_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(NP_LINK_NAME);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&g_Np, sizeof(g_Np));
    NdisAllocateSpinLock(&g_Np.Lock);
    InitializeListHead(&g_Np.Bindings);

    do {
        ExInitializeNPagedLookasideList(&g_Np.BindingLookaside, NULL, NULL,
                                        POOL_NX_ALLOCATION, sizeof(NP_BINDING),
                                        NP_TAG, 0);
        g_Np.Flags |= NP_F_LOOKASIDE;

        status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_NETWORK,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_Np.ControlDevice);
        if (!NT_SUCCESS(status)) {
            NP_DBG("IoCreateDevice 0x%08X\n", status);
            break;
        }
        g_Np.Flags |= NP_F_DEVICE;
        g_Np.ControlDevice->Flags |= DO_BUFFERED_IO;

        status = IoCreateSymbolicLink(&linkName, &devName);
        if (!NT_SUCCESS(status)) {
            NP_DBG("IoCreateSymbolicLink 0x%08X\n", status);
            break;
        }
        g_Np.Flags |= NP_F_LINK;

        DriverObject->MajorFunction[IRP_MJ_CREATE]         = NpDispatchCreateClose;
        DriverObject->MajorFunction[IRP_MJ_CLOSE]          = NpDispatchCreateClose;
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = NpDispatchIoctl;
        DriverObject->DriverUnload = NpUnload;

        /* NDIS may call BindAdapter before this returns */
        status = NpRegisterProtocol();
        if (status != NDIS_STATUS_SUCCESS) {
            NP_DBG("NdisRegisterProtocolDriver 0x%08X\n", status);
            break;
        }
        g_Np.Flags |= NP_F_PROTOCOL;

        g_Np.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    } while (FALSE);

    if (status != STATUS_SUCCESS) {
        NpTeardown();
        NdisFreeSpinLock(&g_Np.Lock);
        return status;
    }

    NP_DBG("loaded\n");
    return STATUS_SUCCESS;
}
