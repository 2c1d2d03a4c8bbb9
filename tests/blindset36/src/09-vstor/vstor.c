/*
 * vstor.c - DriverEntry, unload chaining and the HW_* adapter callbacks.
 */
#include "vstor.h"

VS_DRIVER_GLOBALS g_Vs;

static VIRTUAL_HW_FIND_ADAPTER  VsHwFindAdapter;
static HW_INITIALIZE            VsHwInitialize;
static HW_STARTIO               VsHwStartIo;
static HW_RESET_BUS             VsHwResetBus;
static HW_ADAPTER_CONTROL       VsHwAdapterControl;
static HW_FREE_ADAPTER_RESOURCES VsHwFreeAdapterResources;

static NTSTATUS
VsReadParameters(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG sizeMb = VS_DEFAULT_SIZE_MB;
    ULONG defSize = VS_DEFAULT_SIZE_MB;
    SIZE_T cb;

    /* keep our own NUL-terminated copy, RegistryPath is gone after we return */
    cb = (SIZE_T)RegistryPath->Length + sizeof(WCHAR);
    g_Vs.ParametersPath = (PWSTR)ExAllocatePool2(POOL_FLAG_PAGED, cb, VS_TAG);
    if (g_Vs.ParametersPath == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(g_Vs.ParametersPath, RegistryPath->Buffer, RegistryPath->Length);

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = L"DiskSizeMB";
    table[0].EntryContext  = &sizeMb;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &defSize;
    table[0].DefaultLength = sizeof(ULONG);

    (VOID)RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                 g_Vs.ParametersPath, table, NULL, NULL);

    g_Vs.DiskSizeMb = (sizeMb >= 1 && sizeMb <= VS_MAX_SIZE_MB) ? sizeMb : VS_DEFAULT_SIZE_MB;
    return STATUS_SUCCESS;
}

static VOID
VsFreeGlobals(VOID)
{
    if (g_Vs.ParametersPath != NULL) {
        ExFreePoolWithTag(g_Vs.ParametersPath, VS_TAG);
        g_Vs.ParametersPath = NULL;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    NTSTATUS status;

    RtlZeroMemory(&g_Vs, sizeof(g_Vs));

    status = VsReadParameters(RegistryPath);
    if (!NT_SUCCESS(status)) {
        VsFreeGlobals();
        return status;
    }

    RtlZeroMemory(&hwInit, sizeof(hwInit));
    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType     = Internal;

    hwInit.HwInitialize             = VsHwInitialize;
    hwInit.HwStartIo                = VsHwStartIo;
    hwInit.HwFindAdapter            = VsHwFindAdapter;
    hwInit.HwResetBus               = VsHwResetBus;
    hwInit.HwAdapterControl         = VsHwAdapterControl;
    hwInit.HwFreeAdapterResources   = VsHwFreeAdapterResources;

    hwInit.DeviceExtensionSize      = sizeof(VS_ADAPTER);
    hwInit.SpecificLuExtensionSize  = 0;
    hwInit.SrbExtensionSize         = 0;
    hwInit.TaggedQueuing            = TRUE;
    hwInit.AutoRequestSense         = TRUE;
    hwInit.MultipleRequestPerLu     = TRUE;
    hwInit.MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;

    status = (NTSTATUS)StorPortInitialize(DriverObject, RegistryPath,
                                          (PHW_INITIALIZATION_DATA)&hwInit, NULL);
    if (!NT_SUCCESS(status)) {
        VsTrace("StorPortInitialize failed 0x%08X\n", status);
        VsFreeGlobals();
        return status;
    }

    /*
     * StorPortInitialize installed Storport's own unload routine; put ours
     * in front of it so the globals are released, and chain to it.
     */
    g_Vs.PortUnload = DriverObject->DriverUnload;
    DriverObject->DriverUnload = VsUnload;

    return status;
}

VOID
VsUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    if (g_Vs.PortUnload != NULL) {
        g_Vs.PortUnload(DriverObject);
    }
    VsFreeGlobals();
}

static ULONG
VsHwFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Again
    )
{
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;
    ULONG st;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;

    adapter->DiskBytes   = (ULONGLONG)g_Vs.DiskSizeMb * 1024 * 1024;
    adapter->SectorCount = (ULONG)(adapter->DiskBytes / VS_SECTOR_SIZE);

    st = StorPortAllocatePool(DeviceExtension, (ULONG)adapter->DiskBytes, VS_TAG,
                              (PVOID*)&adapter->Disk);
    if (st != STOR_STATUS_SUCCESS || adapter->Disk == NULL) {
        adapter->Disk = NULL;
        return SP_RETURN_ERROR;
    }
    RtlZeroMemory(adapter->Disk, (SIZE_T)adapter->DiskBytes);

    ConfigInfo->MaximumTransferLength   = VS_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks  = VS_MAX_TRANSFER / PAGE_SIZE;
    ConfigInfo->AlignmentMask           = 0x3;
    ConfigInfo->NumberOfBuses           = 1;
    ConfigInfo->MaximumNumberOfTargets  = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->ScatterGather           = TRUE;
    ConfigInfo->Master                  = TRUE;
    ConfigInfo->CachesData              = FALSE;
    ConfigInfo->MapBuffers              = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->SynchronizationModel    = StorSynchronizeFullDuplex;
    ConfigInfo->VirtualDevice           = TRUE;

    return SP_RETURN_FOUND;
}

static VOID
VsHwFreeAdapterResources(
    _In_ PVOID DeviceExtension
    )
{
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;

    adapter->Ready = FALSE;
    if (adapter->Disk != NULL) {
        StorPortFreePool(DeviceExtension, adapter->Disk);
        adapter->Disk = NULL;
    }
}

static BOOLEAN
VsHwInitialize(
    _In_ PVOID DeviceExtension
    )
{
    ((PVS_ADAPTER)DeviceExtension)->Ready = TRUE;
    return TRUE;
}

static BOOLEAN
VsHwStartIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    VsHandleSrb((PVS_ADAPTER)DeviceExtension, Srb);
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

static BOOLEAN
VsHwResetBus(
    _In_ PVOID DeviceExtension,
    _In_ ULONG PathId
    )
{
    /* nothing is ever outstanding, every request completes inline */
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS
VsHwAdapterControl(
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (list->MaxControlType > ScsiStopAdapter) {
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
        if (list->MaxControlType > ScsiRestartAdapter) {
            list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        }
        list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        return ScsiAdapterControlSuccess;

    case ScsiStopAdapter:
        ((PVS_ADAPTER)DeviceExtension)->Ready = FALSE;
        return ScsiAdapterControlSuccess;

    case ScsiRestartAdapter:
        ((PVS_ADAPTER)DeviceExtension)->Ready = TRUE;
        return ScsiAdapterControlSuccess;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}
