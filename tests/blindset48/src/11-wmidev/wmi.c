/*
 * wmi.c - per-device WMI data block (WmiDev_Counters).
 */
#include "wmidev.h"

static WMI_QUERY_REGINFO_CALLBACK   WdQueryRegInfo;
static WMI_QUERY_DATABLOCK_CALLBACK WdQueryDataBlock;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, WdWmiInit)
#pragma alloc_text(PAGE, WdWmiRegister)
#pragma alloc_text(PAGE, WdWmiDeregister)
#pragma alloc_text(PAGE, WdQueryRegInfo)
#pragma alloc_text(PAGE, WdQueryDataBlock)
#pragma alloc_text(PAGE, WdDispatchSystemControl)
#endif

static WMIGUIDREGINFO g_WdGuids[] = {
    { &WMIDEV_COUNTERS_GUID, 1, 0 },
};

static NTSTATUS
WdQueryRegInfo(_In_ PDEVICE_OBJECT DeviceObject, _Out_ PULONG RegFlags, _Out_ PUNICODE_STRING InstanceName,
               _Outptr_result_maybenull_ PUNICODE_STRING *RegistryPath, _Out_ PUNICODE_STRING MofResourceName,
               _Outptr_result_maybenull_ PDEVICE_OBJECT *Pdo)
{
    PWD_EXTENSION ext = (PWD_EXTENSION)DeviceObject->DeviceExtension;

    UNREFERENCED_PARAMETER(InstanceName);
    PAGED_CODE();

    *RegFlags = WMIREG_FLAG_INSTANCE_PDO;
    *RegistryPath = &g_Wd.RegistryPath;
    *Pdo = ext->Pdo;
    RtlInitUnicodeString(MofResourceName, L"WmiDevMof");
    return STATUS_SUCCESS;
}

static NTSTATUS
WdQueryDataBlock(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp, _In_ ULONG GuidIndex,
                 _In_ ULONG InstanceIndex, _In_ ULONG InstanceCount,
                 _Out_writes_opt_(InstanceCount) PULONG InstanceLengthArray,
                 _In_ ULONG BufferAvail, _Out_writes_bytes_opt_(BufferAvail) PUCHAR Buffer)
{
    PWD_EXTENSION ext = (PWD_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS      status;
    ULONG         size = sizeof(WD_COUNTERS);

    PAGED_CODE();

    if (GuidIndex != 0 || InstanceIndex != 0 || InstanceCount != 1) {
        status = STATUS_WMI_GUID_NOT_FOUND;
        size = 0;
    } else if (Buffer == NULL || BufferAvail < size) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        ext->Counters.ProfileChanges = (ULONG)g_Wd.ProfileChanges;
        RtlCopyMemory(Buffer, &ext->Counters, size);
        if (InstanceLengthArray != NULL) {
            InstanceLengthArray[0] = size;
        }
        status = STATUS_SUCCESS;
    }
    return WmiCompleteRequest(DeviceObject, Irp, status, size, IO_NO_INCREMENT);
}

VOID
WdWmiInit(_Inout_ PWD_EXTENSION Ext)
{
    PAGED_CODE();

    RtlZeroMemory(&Ext->WmiLib, sizeof(Ext->WmiLib));
    Ext->WmiLib.GuidCount         = ARRAYSIZE(g_WdGuids);
    Ext->WmiLib.GuidList          = g_WdGuids;
    Ext->WmiLib.QueryWmiRegInfo   = WdQueryRegInfo;
    Ext->WmiLib.QueryWmiDataBlock = WdQueryDataBlock;
}

NTSTATUS
WdWmiRegister(_Inout_ PWD_EXTENSION Ext)
{
    NTSTATUS status;

    PAGED_CODE();

    status = IoWMIRegistrationControl(Ext->Self, WMIREG_ACTION_REGISTER);
    Ext->WmiRegistered = NT_SUCCESS(status);
    return status;
}

VOID
WdWmiDeregister(_Inout_ PWD_EXTENSION Ext)
{
    PAGED_CODE();

    if (Ext->WmiRegistered) {
        IoWMIRegistrationControl(Ext->Self, WMIREG_ACTION_DEREGISTER);
        Ext->WmiRegistered = FALSE;
    }
}

NTSTATUS
WdDispatchSystemControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PWD_EXTENSION          ext = (PWD_EXTENSION)DeviceObject->DeviceExtension;
    SYSCTL_IRP_DISPOSITION disposition;
    NTSTATUS               status;

    PAGED_CODE();

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
    default:            /* IrpForward, IrpNotWmi */
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);
        break;
    }

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
