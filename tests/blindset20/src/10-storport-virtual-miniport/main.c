/*++

Copyright (c) Graphic Design Institute Storage Labs.  All rights reserved.

Module Name:

    main.c

Abstract:

    DriverEntry, Storport registration and driver unload for the VRD
    virtual miniport.

Environment:

    Kernel mode, Storport virtual miniport.

--*/

#include "vrd.h"

PVRD_DRIVER_INFO g_VrdDriver = NULL;

//
// Enumerations this miniport supports; one StorPortInitialize each.
//
static const INTERFACE_TYPE VrdInterfaceTypes[] = {
    Internal,       // root-enumerated adapter
    PNPBus,         // adapters created by the lab software bus
};

static
VOID
VrdQueryParameters(
    _Inout_ PVRD_DRIVER_INFO DriverInfo,
    _In_ PUNICODE_STRING RegistryPath
    );

static
VOID
VrdFillInitializationData(
    _Out_ PVIRTUAL_HW_INITIALIZATION_DATA InitData,
    _In_ INTERFACE_TYPE InterfaceType
    );

static
ULONG
VrdRegisterWithStorport(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, VrdQueryParameters)
#pragma alloc_text(INIT, VrdFillInitializationData)
#pragma alloc_text(INIT, VrdRegisterWithStorport)
#pragma alloc_text(PAGE, VrdDriverUnload)
#endif


static
VOID
VrdQueryParameters(
    _Inout_ PVRD_DRIVER_INFO DriverInfo,
    _In_ PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Reads ...\Services\vrd\Parameters\Device (the key Storport also uses
    for miniport parameters).  The service path is formatted into a
    NUL-terminated buffer of our own; RegistryPath itself is not kept.

--*/
{
    RTL_QUERY_REGISTRY_TABLE table[4];
    ULONG lunCount = VRD_DEFAULT_LUNS;
    ULONG diskSizeMB = VRD_DEFAULT_DISK_MB;
    ULONG readOnly = 0;
    NTSTATUS status;

    PAGED_CODE();

    DriverInfo->Parameters.LunCount = VRD_DEFAULT_LUNS;
    DriverInfo->Parameters.DiskSizeMB = VRD_DEFAULT_DISK_MB;
    DriverInfo->Parameters.ReadOnly = 0;

    status = RtlStringCchPrintfW(DriverInfo->ParametersPath,
                                 RTL_NUMBER_OF(DriverInfo->ParametersPath),
                                 L"%wZ\\Parameters\\Device",
                                 RegistryPath);
    if (!NT_SUCCESS(status)) {
        return;
    }

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"LunCount";
    table[0].EntryContext = &lunCount;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"DiskSizeMB";
    table[1].EntryContext = &diskSizeMB;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[2].Name = L"ReadOnly";
    table[2].EntryContext = &readOnly;
    table[2].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    DriverInfo->ParametersPath,
                                    table,
                                    NULL,
                                    NULL);
    if (!NT_SUCCESS(status)) {
        return;
    }

    if (lunCount >= 1 && lunCount <= VRD_MAX_LUNS) {
        DriverInfo->Parameters.LunCount = lunCount;
    }

    if (diskSizeMB >= 1 && diskSizeMB <= VRD_MAX_DISK_MB) {
        DriverInfo->Parameters.DiskSizeMB = diskSizeMB;
    }

    DriverInfo->Parameters.ReadOnly = (readOnly != 0);
}


static
VOID
VrdFillInitializationData(
    _Out_ PVIRTUAL_HW_INITIALIZATION_DATA InitData,
    _In_ INTERFACE_TYPE InterfaceType
    )
{
    RtlZeroMemory(InitData, sizeof(*InitData));

    //
    // The size is what marks this as a virtual miniport.
    //
    InitData->HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    InitData->AdapterInterfaceType = InterfaceType;

    InitData->HwInitialize = VrdHwInitialize;
    InitData->HwStartIo = VrdHwStartIo;
    InitData->HwFindAdapter = VrdHwFindAdapter;
    InitData->HwResetBus = VrdHwResetBus;
    InitData->HwAdapterControl = VrdHwAdapterControl;
    InitData->HwFreeAdapterResources = VrdHwFreeAdapterResources;
    InitData->HwProcessServiceRequest = VrdHwProcessServiceRequest;
    InitData->HwCompleteServiceIrp = VrdHwCompleteServiceIrp;
    InitData->HwInitializeTracing = VrdHwInitializeTracing;
    InitData->HwCleanupTracing = VrdHwCleanupTracing;

    InitData->DeviceExtensionSize = sizeof(VRD_ADAPTER);
    InitData->SpecificLuExtensionSize = sizeof(VRD_LUN);
    InitData->SrbExtensionSize = 0;

    InitData->TaggedQueuing = TRUE;
    InitData->AutoRequestSense = TRUE;
    InitData->MultipleRequestPerLu = TRUE;
    InitData->MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
}


static
ULONG
VrdRegisterWithStorport(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Registers the miniport once per supported interface type.

Return Value:

    The lowest status returned by StorPortInitialize (the classic port
    driver convention): STATUS_SUCCESS if at least one registration
    succeeded.

--*/
{
    VIRTUAL_HW_INITIALIZATION_DATA initData;
    ULONG lowestStatus = (ULONG)STATUS_NO_SUCH_DEVICE;
    ULONG status;
    ULONG i;

    PAGED_CODE();

    for (i = 0; i < RTL_NUMBER_OF(VrdInterfaceTypes); i++) {

        VrdFillInitializationData(&initData, VrdInterfaceTypes[i]);

        status = StorPortInitialize(DriverObject,
                                    RegistryPath,
                                    (PHW_INITIALIZATION_DATA)&initData,
                                    NULL);

        VRD_PRINT("StorPortInitialize(type %d) = 0x%08X", VrdInterfaceTypes[i], status);

        if (status < lowestStatus) {
            lowestStatus = status;
        }
    }

    return lowestStatus;
}


_Use_decl_annotations_
ULONG
DriverEntry(
    PVOID DriverObject,
    PVOID RegistryPath
    )
{
    PDRIVER_OBJECT driverObject = (PDRIVER_OBJECT)DriverObject;
    PVRD_DRIVER_INFO driverInfo;
    ULONG status;

    VRD_PRINT("DriverEntry %wZ", (PUNICODE_STRING)RegistryPath);

    driverInfo = (PVRD_DRIVER_INFO)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                   sizeof(VRD_DRIVER_INFO),
                                                   VRD_TAG);
    if (driverInfo == NULL) {
        return (ULONG)STATUS_INSUFFICIENT_RESOURCES;
    }

    driverInfo->DriverObject = driverObject;
    KeInitializeSpinLock(&driverInfo->AdapterListLock);
    InitializeListHead(&driverInfo->AdapterList);

    VrdQueryParameters(driverInfo, (PUNICODE_STRING)RegistryPath);

    //
    // HwFindAdapter can run as soon as Storport knows about us.
    //
    g_VrdDriver = driverInfo;

    status = VrdRegisterWithStorport(driverObject, (PUNICODE_STRING)RegistryPath);
    if (status != STATUS_SUCCESS) {
        g_VrdDriver = NULL;
        ExFreePoolWithTag(driverInfo, VRD_TAG);
        return status;
    }

    //
    // Storport installed its own DriverUnload; run ours around it so the
    // driver info outlives every adapter.
    //
    driverInfo->StorPortUnload = driverObject->DriverUnload;
    driverObject->DriverUnload = VrdDriverUnload;

    VRD_PRINT("LUNs %lu x %lu MB%s",
              driverInfo->Parameters.LunCount,
              driverInfo->Parameters.DiskSizeMB,
              driverInfo->Parameters.ReadOnly ? " (read-only)" : "");

    return STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
VrdDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    PVRD_DRIVER_INFO driverInfo = g_VrdDriver;

    PAGED_CODE();

    if (driverInfo != NULL && driverInfo->StorPortUnload != NULL) {
        driverInfo->StorPortUnload(DriverObject);
    }

    if (driverInfo != NULL) {
        NT_ASSERT(IsListEmpty(&driverInfo->AdapterList));
        g_VrdDriver = NULL;
        ExFreePoolWithTag(driverInfo, VRD_TAG);
    }
}
