/*
 * ioctl.c - port access and the IOCTL surface
 */
#include "lptio.h"

static const ULONG g_KnownBases[] = { 0x378, 0x278, 0x3BC };

BOOLEAN
LptIsKnownBase(ULONG Base)
{
    ULONG i;
    for (i = 0; i < ARRAYSIZE(g_KnownBases); i++) {
        if (g_KnownBases[i] == Base) {
            return TRUE;
        }
    }
    return FALSE;
}

VOID
LptWriteData(PLPT_EXTENSION Ext, UCHAR Value)
{
    KIRQL irql;

    KeAcquireSpinLock(&Ext->PortLock, &irql);
    WRITE_PORT_UCHAR((PUCHAR)(ULONG_PTR)(Ext->BasePort + LPT_DATA_OFFSET), Value);
    Ext->LastData = Value;
    KeReleaseSpinLock(&Ext->PortLock, irql);
}

static VOID
LptWriteControl(PLPT_EXTENSION Ext, UCHAR Value)
{
    KIRQL irql;

    /* never let user mode turn on the IRQ enable bit, nothing handles it */
    Value &= (UCHAR)~0x10;

    KeAcquireSpinLock(&Ext->PortLock, &irql);
    WRITE_PORT_UCHAR((PUCHAR)(ULONG_PTR)(Ext->BasePort + LPT_CONTROL_OFFSET), Value);
    Ext->LastControl = Value;
    KeReleaseSpinLock(&Ext->PortLock, irql);
}

UCHAR
LptReadStatus(PLPT_EXTENSION Ext)
{
    return READ_PORT_UCHAR((PUCHAR)(ULONG_PTR)(Ext->BasePort + LPT_STATUS_OFFSET));
}

NTSTATUS
LptDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PLPT_EXTENSION ext = (PLPT_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR buf = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    LPT_STATUS_BITS st;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_LPT_WRITE_DATA:
        if (inLen < sizeof(UCHAR)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        LptWriteData(ext, buf[0]);
        break;

    case IOCTL_LPT_WRITE_CONTROL:
        if (inLen < sizeof(UCHAR)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        LptWriteControl(ext, buf[0]);
        break;

    case IOCTL_LPT_READ_STATUS:
        if (outLen < sizeof(UCHAR)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        st.Raw = LptReadStatus(ext);
        LPTDBG(("lptio: status busy=%u ack=%u pe=%u sel=%u err=%u\n",
                !st.Bits.NotBusy, !st.Bits.NotAck, st.Bits.PaperOut,
                st.Bits.Select, !st.Bits.NotError));
        buf[0] = st.Raw;
        info = sizeof(UCHAR);
        break;

    case IOCTL_LPT_READ_DATA:
        if (outLen < sizeof(UCHAR)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        /* the data latch reads back what we wrote on most SPP ports,
           the cached copy is what the relays actually see */
        buf[0] = ext->LastData;
        info = sizeof(UCHAR);
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
