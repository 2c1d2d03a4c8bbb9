/*
 * wmi.c - WMI provider for the PnpMon counters (IRP_MJ_SYSTEM_CONTROL).
 */
#include "pnpmon.h"

#define PNM_MOF_RESOURCE   L"PnpMonWmi"
#define PNM_WMI_BASENAME   L"PnpMon"

static WMI_QUERY_REGINFO_CALLBACK  PnmQueryRegInfo;
static WMI_QUERY_DATABLOCK_CALLBACK PnmQueryDataBlock;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PnmWmiRegister)
#pragma alloc_text(PAGE, PnmWmiDeregister)
#pragma alloc_text(PAGE, PnmQueryRegInfo)
#pragma alloc_text(PAGE, PnmQueryDataBlock)
#pragma alloc_text(PAGE, PnmDispatchSystemControl)
#endif

static WMIGUIDREGINFO g_PnmGuids[] = {
    { &PNM_WMI_STATS_GUID, 1, 0 },
};

static NTSTATUS
PnmQueryRegInfo(_In_ PDEVICE_OBJECT DeviceObject, _Out_ PULONG RegFlags,
                _Out_ PUNICODE_STRING InstanceName, _Outptr_result_maybenull_ PUNICODE_STRING *RegistryPath,
                _Out_ PUNICODE_STRING MofResourceName, _Outptr_result_maybenull_ PDEVICE_OBJECT *Pdo)
{
    static const WCHAR baseName[] = PNM_WMI_BASENAME;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Pdo);
    PAGED_CODE();

    /* WMI owns and frees the instance name buffer */
    InstanceName->Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(baseName), PNM_TAG);
    if (InstanceName->Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(InstanceName->Buffer, baseName, sizeof(baseName));
    InstanceName->Length = sizeof(baseName) - sizeof(WCHAR);
    InstanceName->MaximumLength = sizeof(baseName);

    *RegFlags = WMIREG_FLAG_INSTANCE_BASENAME;
    *RegistryPath = &g_Pnm.RegistryPath;
    RtlInitUnicodeString(MofResourceName, PNM_MOF_RESOURCE);
    return STATUS_SUCCESS;
}

static NTSTATUS
PnmQueryDataBlock(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp, _In_ ULONG GuidIndex,
                  _In_ ULONG InstanceIndex, _In_ ULONG InstanceCount,
                  _Out_writes_opt_(InstanceCount) PULONG InstanceLengthArray,
                  _In_ ULONG BufferAvail, _Out_writes_bytes_opt_(BufferAvail) PUCHAR Buffer)
{
    NTSTATUS status;
    ULONG    size = 0;

    PAGED_CODE();

    if (GuidIndex != 0 || InstanceIndex != 0 || InstanceCount != 1) {
        status = STATUS_WMI_INSTANCE_NOT_FOUND;
    } else if (BufferAvail < sizeof(PNM_WMI_STATS) || Buffer == NULL) {
        size = sizeof(PNM_WMI_STATS);
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        /* plain ULONG snapshot; a torn read across fields is acceptable */
        RtlCopyMemory(Buffer, &g_Pnm.Stats, sizeof(PNM_WMI_STATS));
        if (InstanceLengthArray != NULL) {
            InstanceLengthArray[0] = sizeof(PNM_WMI_STATS);
        }
        size = sizeof(PNM_WMI_STATS);
        status = STATUS_SUCCESS;
    }

    return WmiCompleteRequest(DeviceObject, Irp, status, size, IO_NO_INCREMENT);
}

NTSTATUS
PnmWmiRegister(_In_ PDEVICE_OBJECT DeviceObject)
{
    NTSTATUS status;

    PAGED_CODE();

    RtlZeroMemory(&g_Pnm.WmiLib, sizeof(g_Pnm.WmiLib));
    g_Pnm.WmiLib.GuidCount         = ARRAYSIZE(g_PnmGuids);
    g_Pnm.WmiLib.GuidList          = g_PnmGuids;
    g_Pnm.WmiLib.QueryWmiRegInfo   = PnmQueryRegInfo;
    g_Pnm.WmiLib.QueryWmiDataBlock = PnmQueryDataBlock;

    status = IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_REGISTER);
    if (NT_SUCCESS(status)) {
        g_Pnm.WmiRegistered = TRUE;
    }
    return status;
}

VOID
PnmWmiDeregister(_In_ PDEVICE_OBJECT DeviceObject)
{
    PAGED_CODE();

    if (g_Pnm.WmiRegistered) {
        IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_DEREGISTER);
        g_Pnm.WmiRegistered = FALSE;
    }
}

NTSTATUS
PnmDispatchSystemControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    SYSCTL_IRP_DISPOSITION disposition;
    NTSTATUS               status;

    PAGED_CODE();

    status = WmiSystemControl(&g_Pnm.WmiLib, DeviceObject, Irp, &disposition);
    switch (disposition) {
    case IrpProcessed:
        break;
    case IrpNotCompleted:
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        break;
    default:    /* IrpForward, IrpNotWmi */
        /* nobody below a control device: finish it here */
        status = Irp->IoStatus.Status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        break;
    }
    return status;
}
