/*
 * dispatch.c - IRP handlers for the filter device
 */
#include "tdimon.h"

static VOID
TdiMonRecordConnect(
    PTDI_REQUEST_KERNEL_CONNECT Req
    )
{
    PTRANSPORT_ADDRESS  ta;
    PTA_ADDRESS         a;
    PTDI_ADDRESS_IP     ip;
    KIRQL               irql;
    ULONG               slot;

    if (Req->RequestConnectionInformation == NULL ||
        Req->RequestConnectionInformation->RemoteAddress == NULL) {
        return;
    }

    ta = (PTRANSPORT_ADDRESS)Req->RequestConnectionInformation->RemoteAddress;
    a = &ta->Address[0];
    if (a->AddressType != TDI_ADDRESS_TYPE_IP || a->AddressLength < TDI_ADDRESS_LENGTH_IP) {
        return;
    }
    ip = (PTDI_ADDRESS_IP)a->Address;

    DBGOUT(("tdimon: pid %p connect %u.%u.%u.%u:%u\n",
            PsGetCurrentProcessId(),
            ((PUCHAR)&ip->in_addr)[0], ((PUCHAR)&ip->in_addr)[1],
            ((PUCHAR)&ip->in_addr)[2], ((PUCHAR)&ip->in_addr)[3],
            RtlUshortByteSwap(ip->sin_port)));

    KeAcquireSpinLock(&g_Mon.TableLock, &irql);
    slot = g_Mon.TableNext++ % TDIMON_MAX_TRACKED;
    g_Mon.Table[slot].RemoteAddr = ip->in_addr;
    g_Mon.Table[slot].RemotePort = ip->sin_port;
    g_Mon.Table[slot].Pid = PsGetCurrentProcessId();
    KeReleaseSpinLock(&g_Mon.TableLock, irql);
}

NTSTATUS
TdiMonPassThrough(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PTDIMON_EXT ext = (PTDIMON_EXT)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
TdiMonInternalIoctl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PTDIMON_EXT         ext = (PTDIMON_EXT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION  sp = IoGetCurrentIrpStackLocation(Irp);

    if (sp->MinorFunction == TDI_CONNECT) {
        InterlockedIncrement((volatile LONG *)&ext->Connects);
        TdiMonRecordConnect((PTDI_REQUEST_KERNEL_CONNECT)&sp->Parameters);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

/*
 * User mode (afd on old systems) talks to tcpip through IRP_MJ_DEVICE_CONTROL,
 * TdiMapUserRequest turns the ones it knows into internal requests.
 */
NTSTATUS
TdiMonDeviceIoctl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    if (NT_SUCCESS(TdiMapUserRequest(DeviceObject, Irp, sp))) {
        return TdiMonInternalIoctl(DeviceObject, Irp);
    }
    return TdiMonPassThrough(DeviceObject, Irp);
}
