/*
 * miniport.c - HwStorXxx routines of vmpdisk
 */
#include "vmp.h"

static ULONG
VmpReadDiskMb(
    VOID
    )
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"DiskSizeMB");
    UCHAR raw[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION kv = (PKEY_VALUE_PARTIAL_INFORMATION)raw;
    HANDLE key;
    ULONG len, mb = VMP_DEFAULT_MB;

    InitializeObjectAttributes(&oa, &g_Vmp->RegistryPath,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &oa))) {
        if (NT_SUCCESS(ZwQueryValueKey(key, &name, KeyValuePartialInformation,
                                       kv, sizeof(raw), &len)) &&
            kv->Type == REG_DWORD && kv->DataLength == sizeof(ULONG)) {
            mb = *(PULONG)kv->Data;
        }
        ZwClose(key);
    }
    return (mb == 0 || mb > VMP_MAX_MB) ? VMP_DEFAULT_MB : mb;
}

ULONG
VmpFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Again
    )
{
    PVMP_ADAPTER adapter = (PVMP_ADAPTER)DeviceExtension;
    SIZE_T bytes = (SIZE_T)VmpReadDiskMb() * 1024 * 1024;
    KIRQL irql;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;

    adapter->Disk = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes, VMP_TAG);
    if (adapter->Disk == NULL) {
        VMP_ERR("no memory for a %Iu byte disk", bytes);
        return SP_RETURN_ERROR;
    }
    adapter->Sectors = (ULONG)(bytes / VMP_SECTOR);

    ConfigInfo->VirtualDevice               = TRUE;
    ConfigInfo->NumberOfBuses               = 1;
    ConfigInfo->MaximumNumberOfTargets      = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->MaximumTransferLength       = VMP_MAX_XFER;
    ConfigInfo->NumberOfPhysicalBreaks      = VMP_MAX_XFER / PAGE_SIZE + 1;
    ConfigInfo->AlignmentMask               = 0x3;
    ConfigInfo->ScatterGather               = TRUE;
    ConfigInfo->Master                      = TRUE;
    ConfigInfo->SynchronizationModel        = StorSynchronizeFullDuplex;

    KeAcquireSpinLock(&g_Vmp->Lock, &irql);
    adapter->Index = g_Vmp->NextIndex++;
    InsertTailList(&g_Vmp->Adapters, &adapter->Link);
    KeReleaseSpinLock(&g_Vmp->Lock, irql);

    return SP_RETURN_FOUND;
}

BOOLEAN
VmpInitialize(
    _In_ PVOID DeviceExtension
    )
{
    ((PVMP_ADAPTER)DeviceExtension)->Stopped = FALSE;
    return TRUE;
}

static UCHAR
VmpScsi(
    _In_ PVMP_ADAPTER Adapter,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PUCHAR cdb = Srb->Cdb;

    if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun != 0) {
        return SRB_STATUS_NO_DEVICE;
    }

    switch (cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_SYNCHRONIZE_CACHE:
        return SRB_STATUS_SUCCESS;

    case SCSIOP_INQUIRY: {
        PINQUIRYDATA inq = (PINQUIRYDATA)Srb->DataBuffer;
        if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        RtlZeroMemory(inq, INQUIRYDATABUFFERSIZE);
        inq->DeviceType = DIRECT_ACCESS_DEVICE;
        inq->Versions = 5;
        inq->ResponseDataFormat = 2;
        inq->AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
        RtlCopyMemory(inq->VendorId, "VMPDISK ", 8);
        RtlCopyMemory(inq->ProductId, "RAM Disk        ", 16);
        RtlCopyMemory(inq->ProductRevisionLevel, "0100", 4);
        Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
        return SRB_STATUS_SUCCESS;
    }

    case SCSIOP_READ_CAPACITY: {
        PREAD_CAPACITY_DATA cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
        ULONG last = Adapter->Sectors - 1, bps = VMP_SECTOR;
        REVERSE_BYTES(&cap->LogicalBlockAddress, &last);
        REVERSE_BYTES(&cap->BytesPerBlock, &bps);
        Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
        return SRB_STATUS_SUCCESS;
    }

    case SCSIOP_READ:
    case SCSIOP_WRITE: {
        ULONG lba = ((ULONG)cdb[2] << 24) | ((ULONG)cdb[3] << 16) | ((ULONG)cdb[4] << 8) | cdb[5];
        ULONG n = ((ULONG)cdb[7] << 8) | cdb[8];
        PUCHAR at = Adapter->Disk + (ULONG64)lba * VMP_SECTOR;
        if ((ULONG64)lba + n > Adapter->Sectors || n * VMP_SECTOR > Srb->DataTransferLength) {
            return SRB_STATUS_INVALID_REQUEST;
        }
        if (cdb[0] == SCSIOP_READ) {
            RtlCopyMemory(Srb->DataBuffer, at, n * VMP_SECTOR);
        } else {
            RtlCopyMemory(at, Srb->DataBuffer, n * VMP_SECTOR);
        }
        return SRB_STATUS_SUCCESS;
    }

    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}

BOOLEAN
VmpStartIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PVMP_ADAPTER adapter = (PVMP_ADAPTER)DeviceExtension;

    if (adapter->Stopped) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
    } else if (Srb->Function == SRB_FUNCTION_EXECUTE_SCSI) {
        Srb->SrbStatus = VmpScsi(adapter, Srb);
    } else if (Srb->Function == SRB_FUNCTION_RESET_BUS ||
               Srb->Function == SRB_FUNCTION_RESET_DEVICE ||
               Srb->Function == SRB_FUNCTION_RESET_LOGICAL_UNIT) {
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    } else {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
    }

    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
VmpResetBus(
    _In_ PVOID DeviceExtension,
    _In_ ULONG PathId
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
VmpAdapterControl(
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PVMP_ADAPTER adapter = (PVMP_ADAPTER)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;
    ULONG i;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        for (i = 0; i < list->MaxControlType; i++) {
            list->SupportedTypeList[i] = (i == ScsiQuerySupportedControlTypes ||
                                          i == ScsiStopAdapter ||
                                          i == ScsiRestartAdapter);
        }
        return ScsiAdapterControlSuccess;
    case ScsiStopAdapter:
        adapter->Stopped = TRUE;
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        adapter->Stopped = FALSE;
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

VOID
VmpFreeAdapterResources(
    _In_ PVOID DeviceExtension
    )
{
    PVMP_ADAPTER adapter = (PVMP_ADAPTER)DeviceExtension;
    KIRQL irql;

    if (adapter->Disk == NULL) {
        return;     /* FindAdapter failed before it was listed */
    }

    KeAcquireSpinLock(&g_Vmp->Lock, &irql);
    RemoveEntryList(&adapter->Link);
    KeReleaseSpinLock(&g_Vmp->Lock, irql);

    ExFreePoolWithTag(adapter->Disk, VMP_TAG);
    adapter->Disk = NULL;
}

VOID
VmpProcessServiceRequest(
    _In_ PVOID DeviceExtension,
    _In_ PVOID Irp
    )
{
    PIRP irp = (PIRP)Irp;

    irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    irp->IoStatus.Information = 0;
    StorPortCompleteServiceIrp(DeviceExtension, irp);
}

VOID
VmpCompleteServiceIrp(
    _In_ PVOID DeviceExtension
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}
