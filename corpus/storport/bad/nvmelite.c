/*
 * nvmelite.c - Storport miniport of a small NVMe bridge, in its first
 * version: DriverEntry has the port form, ULONG DriverEntry(PVOID, PVOID),
 * and no role-type declaration.
 *
 * DE002 (note): Code Analysis and Static Driver Verifier do not know it as
 * the miniport's DriverEntry. The advice names Storport's role type,
 * sp_DRIVER_INITIALIZE (DRIVER_INITIALIZE would not match this form).
 */

#include <storport.h>

HW_FIND_ADAPTER     NvlFindAdapter;
HW_INITIALIZE       NvlHwInitialize;
HW_STARTIO          NvlStartIo;
HW_RESET_BUS        NvlResetBus;

ULONG
DriverEntry(                                                // expect-entry: storport-miniport; expect: DE002
    _In_ PVOID DriverObject,
    _In_ PVOID RegistryPath
    )
{
    HW_INITIALIZATION_DATA hwInitData;

    RtlZeroMemory(&hwInitData, sizeof(HW_INITIALIZATION_DATA));
    hwInitData.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    hwInitData.HwFindAdapter = NvlFindAdapter;
    hwInitData.HwInitialize = NvlHwInitialize;
    hwInitData.HwStartIo = NvlStartIo;
    hwInitData.HwResetBus = NvlResetBus;
    hwInitData.AdapterInterfaceType = PCIBus;
    hwInitData.MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    hwInitData.NumberOfAccessRanges = 1;

    return StorPortInitialize(DriverObject, RegistryPath, &hwInitData, NULL);
}

ULONG
NvlFindAdapter(_In_ PVOID DeviceExtension, _In_ PVOID HwContext, _In_ PVOID BusInformation,
               _In_z_ PCHAR ArgumentString, _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               _In_ PBOOLEAN Reserved3)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(ConfigInfo);
    UNREFERENCED_PARAMETER(Reserved3);
    return SP_RETURN_FOUND;
}

BOOLEAN
NvlHwInitialize(_In_ PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
NvlStartIo(_In_ PVOID DeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

BOOLEAN
NvlResetBus(_In_ PVOID DeviceExtension, _In_ ULONG PathId)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}
