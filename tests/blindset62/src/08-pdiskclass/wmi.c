/*
 * wmi.c - PD_WMI_STATS exposed through WMILIB
 */
#include "pdisk.h"

/* {3B7C5E21-6A0D-4F8E-9C14-71D2A8E45B06} */
static const GUID PdWmiStatsGuid =
    { 0x3b7c5e21, 0x6a0d, 0x4f8e, { 0x9c, 0x14, 0x71, 0xd2, 0xa8, 0xe4, 0x5b, 0x06 } };

static WMIGUIDREGINFO g_PdWmiGuids[] = {
    { &PdWmiStatsGuid, 1, 0 }
};

static WMI_QUERY_REGINFO_CALLBACK   PdWmiQueryRegInfo;
static WMI_QUERY_DATABLOCK_CALLBACK PdWmiQueryDataBlock;

static NTSTATUS
PdWmiQueryRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags, PUNICODE_STRING InstanceName,
                  PUNICODE_STRING *RegistryPath, PUNICODE_STRING MofResourceName,
                  PDEVICE_OBJECT *Pdo)
{
    PPD_FDO_EXTENSION ext = (PPD_FDO_EXTENSION)DeviceObject->DeviceExtension;

    UNREFERENCED_PARAMETER(InstanceName);
    UNREFERENCED_PARAMETER(MofResourceName);

    *RegFlags = WMIREG_FLAG_INSTANCE_PDO;
    *RegistryPath = &g_PdRegistryPath;
    *Pdo = ext->Pdo;
    return STATUS_SUCCESS;
}

static NTSTATUS
PdWmiQueryDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                    ULONG InstanceIndex, ULONG InstanceCount, PULONG InstanceLengthArray,
                    ULONG BufferAvail, PUCHAR Buffer)
{
    PPD_FDO_EXTENSION ext = (PPD_FDO_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;
    ULONG size = 0;

    UNREFERENCED_PARAMETER(InstanceIndex);
    UNREFERENCED_PARAMETER(InstanceCount);

    if (GuidIndex != 0) {
        status = STATUS_WMI_GUID_NOT_FOUND;
    } else if (BufferAvail < sizeof(PD_WMI_STATS) || Buffer == NULL) {
        size = sizeof(PD_WMI_STATS);
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        RtlCopyMemory(Buffer, &ext->Stats, sizeof(PD_WMI_STATS));
        InstanceLengthArray[0] = sizeof(PD_WMI_STATS);
        size = sizeof(PD_WMI_STATS);
        status = STATUS_SUCCESS;
    }

    return WmiCompleteRequest(DeviceObject, Irp, status, size, IO_NO_INCREMENT);
}

NTSTATUS
PdWmiRegister(
    _Inout_ PPD_FDO_EXTENSION Ext
    )
{
    Ext->WmiLib.GuidCount          = ARRAYSIZE(g_PdWmiGuids);
    Ext->WmiLib.GuidList           = g_PdWmiGuids;
    Ext->WmiLib.QueryWmiRegInfo    = PdWmiQueryRegInfo;
    Ext->WmiLib.QueryWmiDataBlock  = PdWmiQueryDataBlock;
    /* set/execute/function control stay NULL, the extension is zeroed */

    return IoWMIRegistrationControl(Ext->Self, WMIREG_ACTION_REGISTER);
}

NTSTATUS
PdDispatchSystemControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PPD_FDO_EXTENSION ext = (PPD_FDO_EXTENSION)DeviceObject->DeviceExtension;
    SYSCTL_IRP_DISPOSITION disposition;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    status = WmiSystemControl(&ext->WmiLib, DeviceObject, Irp, &disposition);
    switch (disposition) {
    case IrpProcessed:
        break;
    case IrpNotCompleted:
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        break;
    default:    /* IrpForward, IrpNotWmi */
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);
        break;
    }

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
