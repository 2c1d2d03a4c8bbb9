/*
 * miniport.c - Storport virtual miniport front end for nbdstor.
 *
 * One bus, one target, one LUN.  The data lives in g_nbd.store until the
 * user mode nbd client (nbd-win) drains the dirty map over the service IRP.
 */
#include "nbdstor.h"

sp_DRIVER_INITIALIZE            DriverEntry;
HW_INITIALIZE                   NbdHwInitialize;
HW_STARTIO                      NbdHwStartIo;
VIRTUAL_HW_FIND_ADAPTER         NbdHwFindAdapter;
HW_RESET_BUS                    NbdHwResetBus;
HW_ADAPTER_CONTROL              NbdHwAdapterControl;
HW_FREE_ADAPTER_RESOURCES       NbdHwFreeAdapterResources;
HW_PROCESS_SERVICE_REQUEST      NbdHwProcessServiceRequest;
HW_COMPLETE_SERVICE_IRP         NbdHwCompleteServiceIrp;
static DRIVER_UNLOAD            NbdDriverUnload;

#define CDB10_LBA(c)   (((ULONG)(c)->CDB10.LogicalBlockByte0 << 24) | \
                        ((ULONG)(c)->CDB10.LogicalBlockByte1 << 16) | \
                        ((ULONG)(c)->CDB10.LogicalBlockByte2 << 8)  | \
                         (ULONG)(c)->CDB10.LogicalBlockByte3)
#define CDB10_LEN(c)   (((ULONG)(c)->CDB10.TransferBlocksMsb << 8) | \
                         (ULONG)(c)->CDB10.TransferBlocksLsb)

static UCHAR nbd_rw(PNBD_ADAPTER ad, PSCSI_REQUEST_BLOCK Srb, BOOLEAN write)
{
    PCDB cdb = (PCDB)Srb->Cdb;
    ULONGLONG off = (ULONGLONG)CDB10_LBA(cdb) * NBD_BLOCK_SIZE;
    ULONG len = CDB10_LEN(cdb) * NBD_BLOCK_SIZE;
    ULONGLONG chunk;

    if (off + len > g_nbd.cfg->disk_bytes || len > Srb->DataTransferLength)
        return SRB_STATUS_INVALID_REQUEST;

    os_mutex_lock(&g_nbd.lock);
    if (write) {
        RtlCopyMemory(g_nbd.store + off, Srb->DataBuffer, len);
        for (chunk = off >> NBD_DIRTY_SHIFT; chunk <= (off + len - 1) >> NBD_DIRTY_SHIFT; chunk++)
            g_nbd.dirty[chunk / 32] |= 1u << (chunk % 32);
    } else {
        RtlCopyMemory(Srb->DataBuffer, g_nbd.store + off, len);
    }
    os_mutex_unlock(&g_nbd.lock);

    UNREFERENCED_PARAMETER(ad);
    Srb->DataTransferLength = len;
    return SRB_STATUS_SUCCESS;
}

static UCHAR nbd_scsi(PNBD_ADAPTER ad, PSCSI_REQUEST_BLOCK Srb)
{
    PINQUIRYDATA inq;
    PREAD_CAPACITY_DATA cap;
    ULONG last, bs;

    switch (Srb->Cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_SYNCHRONIZE_CACHE:
        return SRB_STATUS_SUCCESS;

    case SCSIOP_INQUIRY:
        if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE)
            return SRB_STATUS_DATA_OVERRUN;
        inq = (PINQUIRYDATA)Srb->DataBuffer;
        RtlZeroMemory(inq, INQUIRYDATABUFFERSIZE);
        inq->DeviceType = DIRECT_ACCESS_DEVICE;
        inq->Versions = 5;
        inq->ResponseDataFormat = 2;
        inq->AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
        RtlCopyMemory(inq->VendorId, g_nbd.cfg->vendor, 8);
        RtlCopyMemory(inq->ProductId, g_nbd.cfg->product, 16);
        RtlCopyMemory(inq->ProductRevisionLevel, "0001", 4);
        Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
        return SRB_STATUS_SUCCESS;

    case SCSIOP_READ_CAPACITY:
        if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA))
            return SRB_STATUS_DATA_OVERRUN;
        cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
        last = (ULONG)(ad->blocks - 1);
        bs = NBD_BLOCK_SIZE;
        REVERSE_BYTES(&cap->LogicalBlockAddress, &last);
        REVERSE_BYTES(&cap->BytesPerBlock, &bs);
        Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
        return SRB_STATUS_SUCCESS;

    case SCSIOP_READ:
        return nbd_rw(ad, Srb, FALSE);
    case SCSIOP_WRITE:
        return nbd_rw(ad, Srb, TRUE);

    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}

ULONG NbdHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                       PVOID LowerDevice, PCHAR ArgumentString,
                       PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PNBD_ADAPTER ad = (PNBD_ADAPTER)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    ad->blocks = g_nbd.cfg->disk_bytes / NBD_BLOCK_SIZE;

    ConfigInfo->MaximumTransferLength       = NBD_MAX_XFER;
    ConfigInfo->NumberOfPhysicalBreaks      = NBD_MAX_XFER / PAGE_SIZE;
    ConfigInfo->AlignmentMask               = 0;
    ConfigInfo->NumberOfBuses               = 1;
    ConfigInfo->MaximumNumberOfTargets      = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->ScatterGather               = TRUE;
    ConfigInfo->Master                      = TRUE;
    ConfigInfo->CachesData                  = FALSE;
    ConfigInfo->MapBuffers                  = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->SynchronizationModel        = StorSynchronizeFullDuplex;
    ConfigInfo->VirtualDevice               = TRUE;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN NbdHwInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN NbdHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNBD_ADAPTER ad = (PNBD_ADAPTER)DeviceExtension;
    UCHAR st = SRB_STATUS_INVALID_REQUEST;

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun != 0)
            st = SRB_STATUS_NO_DEVICE;
        else
            st = nbd_scsi(ad, Srb);
        break;
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
        ad->resets++;
        st = SRB_STATUS_SUCCESS;
        break;
    case SRB_FUNCTION_PNP:
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
        st = SRB_STATUS_SUCCESS;
        break;
    }

    Srb->SrbStatus = st;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN NbdHwResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(PathId);
    ((PNBD_ADAPTER)DeviceExtension)->resets++;
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS NbdHwAdapterControl(PVOID DeviceExtension,
                                                SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                PVOID Parameters)
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    UNREFERENCED_PARAMETER(DeviceExtension);

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        if (list->MaxControlType > ScsiStopAdapter)
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        if (list->MaxControlType > ScsiRestartAdapter)
            list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    case ScsiStopAdapter:
    case ScsiRestartAdapter:
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

VOID NbdHwFreeAdapterResources(PVOID DeviceExtension)
{
    /* nothing per adapter; the store is global and goes away at unload */
    UNREFERENCED_PARAMETER(DeviceExtension);
}

VOID NbdHwProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    PIRP irp = (PIRP)Irp;

    /* the dirty-map pump is not wired up yet */
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    irp->IoStatus.Information = 0;
    StorPortCompleteServiceIrp(DeviceExtension, irp);
}

VOID NbdHwCompleteServiceIrp(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

static VOID NbdDriverUnload(PDRIVER_OBJECT DriverObject)
{
    OS_LOG("unload");
    if (g_nbd.port_unload != NULL)
        g_nbd.port_unload(DriverObject);
    nbd_platform_fini();
}

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    PDRIVER_OBJECT drv = (PDRIVER_OBJECT)DriverObject;
    VIRTUAL_HW_INITIALIZATION_DATA hw;
    ULONG status;
    int rc;

    OS_LOG("DriverEntry, built " __DATE__ " " __TIME__);

    rc = nbd_platform_init();
    if (rc != 0) {
        OS_LOG("platform init failed: %d", rc);
        return (ULONG)os_errno_to_status(rc);
    }

    RtlZeroMemory(&hw, sizeof(hw));
    hw.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hw.AdapterInterfaceType     = Internal;
    hw.HwInitialize             = NbdHwInitialize;
    hw.HwStartIo                = NbdHwStartIo;
    hw.HwFindAdapter            = NbdHwFindAdapter;
    hw.HwResetBus               = NbdHwResetBus;
    hw.HwAdapterControl         = NbdHwAdapterControl;
    hw.HwFreeAdapterResources   = NbdHwFreeAdapterResources;
    hw.HwProcessServiceRequest  = NbdHwProcessServiceRequest;
    hw.HwCompleteServiceIrp     = NbdHwCompleteServiceIrp;
    hw.DeviceExtensionSize      = sizeof(NBD_ADAPTER);
    hw.SpecificLuExtensionSize  = sizeof(NBD_LUN);
    hw.SrbExtensionSize         = 0;
    hw.TaggedQueuing            = TRUE;
    hw.AutoRequestSense         = TRUE;
    hw.MultipleRequestPerLu     = TRUE;
    hw.MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;

    status = StorPortInitialize(DriverObject, RegistryPath,
                                (PHW_INITIALIZATION_DATA)&hw, NULL);
    if (status != STATUS_SUCCESS) {
        /* storport already wrote an event log entry; PnP simply won't
         * start the adapter, so there is no point failing the load */
        OS_LOG("StorPortInitialize failed 0x%08X", status);
        nbd_platform_fini();
        goto out;
    }

    /* storport owns DriverUnload; chain ours in front of it */
    g_nbd.port_unload = drv->DriverUnload;
    drv->DriverUnload = NbdDriverUnload;

out:
    return STATUS_SUCCESS;
}
