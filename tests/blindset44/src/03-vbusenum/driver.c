// driver.c -- DriverEntry, AddDevice and common dispatch for vbus.sys
// Copyright (c) Orchid Embedded Ltd.

#include "vbus.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VbAddDevice)
#pragma alloc_text(PAGE, VbUnload)
#endif

VB_GLOBALS g_VbGlobals;

static ULONG
VbReadSlotCount(VOID)
{
    RTL_QUERY_REGISTRY_TABLE    astTable[2];
    ULONG                       ulSlots = VB_DEFAULT_CHILDREN;
    ULONG                       ulDefault = VB_DEFAULT_CHILDREN;
    NTSTATUS                    ntStatus;

    RtlZeroMemory(astTable, sizeof(astTable));
    astTable[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    astTable[0].Name          = L"PopulatedSlots";
    astTable[0].EntryContext  = &ulSlots;
    astTable[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    astTable[0].DefaultData   = &ulDefault;
    astTable[0].DefaultLength = sizeof(ULONG);

    // Service key, value sits directly under it (the INF writes it there).
    ntStatus = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, g_VbGlobals.ustrRegistryPath.Buffer,
                                      astTable, NULL, NULL);
    if (!NT_SUCCESS(ntStatus)) {
        VB_LOG("PopulatedSlots not readable (0x%08X), default %u", ntStatus, VB_DEFAULT_CHILDREN);
        ulSlots = VB_DEFAULT_CHILDREN;
    }
    return (ulSlots > VB_MAX_CHILDREN) ? VB_MAX_CHILDREN : ulSlots;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT     pDriverObject,
    _In_ PUNICODE_STRING    pRegistryPath
    )
{
    VB_LOG("DriverEntry: %wZ", pRegistryPath);

    RtlZeroMemory(&g_VbGlobals, sizeof(g_VbGlobals));
    g_VbGlobals.pDriverObject    = pDriverObject;
    g_VbGlobals.ustrRegistryPath = *pRegistryPath;

    pDriverObject->MajorFunction[IRP_MJ_PNP]            = VbDispatchPnp;
    pDriverObject->MajorFunction[IRP_MJ_POWER]          = VbDispatchPower;
    pDriverObject->DriverExtension->AddDevice           = VbAddDevice;
    pDriverObject->DriverUnload                         = VbUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
VbAddDevice(
    _In_ PDRIVER_OBJECT pDriverObject,
    _In_ PDEVICE_OBJECT pPhysicalDeviceObject
    )
{
    NTSTATUS            ntStatus;
    PDEVICE_OBJECT      pFdo = NULL;
    PVB_FDO_EXTENSION   pFdoExt;

    PAGED_CODE();

    VB_LOG("AddDevice PDO %p", pPhysicalDeviceObject);
    ntStatus = IoCreateDevice(pDriverObject, sizeof(VB_FDO_EXTENSION), NULL,
                              FILE_DEVICE_BUS_EXTENDER, FILE_DEVICE_SECURE_OPEN, FALSE, &pFdo);
    if (!NT_SUCCESS(ntStatus)) {
        VB_ERR("IoCreateDevice 0x%08X", ntStatus);
        return ntStatus;
    }

    pFdoExt = (PVB_FDO_EXTENSION)pFdo->DeviceExtension;
    RtlZeroMemory(pFdoExt, sizeof(*pFdoExt));
    pFdoExt->stCommon.bIsFdo = TRUE;
    pFdoExt->stCommon.pSelf  = pFdo;
    pFdoExt->pPdo            = pPhysicalDeviceObject;
    ExInitializeFastMutex(&pFdoExt->fmChildLock);

    ntStatus = IoRegisterDeviceInterface(pPhysicalDeviceObject, &GUID_DEVINTERFACE_ORCHID_VBUS,
                                         NULL, &pFdoExt->ustrInterfaceName);
    if (!NT_SUCCESS(ntStatus)) {
        VB_ERR("IoRegisterDeviceInterface 0x%08X", ntStatus);
        IoDeleteDevice(pFdo);
        return ntStatus;
    }

    pFdoExt->pLowerDevice = IoAttachDeviceToDeviceStack(pFdo, pPhysicalDeviceObject);
    if (NULL == pFdoExt->pLowerDevice) {
        VB_ERR("IoAttachDeviceToDeviceStack failed");
        return STATUS_NO_SUCH_DEVICE;
    }

    pFdoExt->ulChildCount = VbReadSlotCount();
    InterlockedIncrement((volatile LONG *)&g_VbGlobals.ulFdoCount);

    pFdo->Flags |= DO_POWER_PAGABLE;
    pFdo->Flags &= ~DO_DEVICE_INITIALIZING;

    VB_LOG("FDO %p on %p, %u slots", pFdo, pFdoExt->pLowerDevice, pFdoExt->ulChildCount);
    return STATUS_SUCCESS;
}

VOID
VbUnload(
    _In_ PDRIVER_OBJECT pDriverObject
    )
{
    PAGED_CODE();

    // PnP removed every FDO and PDO before we get here.
    ASSERT(NULL == pDriverObject->DeviceObject);
    VB_LOG("Unload, %u FDOs served", g_VbGlobals.ulFdoCount);
}

NTSTATUS
VbDispatchPnp(
    _In_ PDEVICE_OBJECT pDeviceObject,
    _Inout_ PIRP        pIrp
    )
{
    PVB_COMMON_EXTENSION pCommon = (PVB_COMMON_EXTENSION)pDeviceObject->DeviceExtension;

    return pCommon->bIsFdo ? VbFdoPnp(pDeviceObject, pIrp) : VbPdoPnp(pDeviceObject, pIrp);
}

NTSTATUS
VbDispatchPower(
    _In_ PDEVICE_OBJECT pDeviceObject,
    _Inout_ PIRP        pIrp
    )
{
    PVB_COMMON_EXTENSION    pCommon = (PVB_COMMON_EXTENSION)pDeviceObject->DeviceExtension;
    PIO_STACK_LOCATION      pStack  = IoGetCurrentIrpStackLocation(pIrp);
    NTSTATUS                ntStatus = pIrp->IoStatus.Status;

    PoStartNextPowerIrp(pIrp);
    if (pCommon->bIsFdo) {
        IoSkipCurrentIrpStackLocation(pIrp);
        return PoCallDriver(((PVB_FDO_EXTENSION)pCommon)->pLowerDevice, pIrp);
    }

    // Child slots have no power control of their own; accept set/query.
    if (IRP_MN_SET_POWER == pStack->MinorFunction || IRP_MN_QUERY_POWER == pStack->MinorFunction) {
        ntStatus = STATUS_SUCCESS;
    }
    pIrp->IoStatus.Status = ntStatus;
    IoCompleteRequest(pIrp, IO_NO_INCREMENT);
    return ntStatus;
}
