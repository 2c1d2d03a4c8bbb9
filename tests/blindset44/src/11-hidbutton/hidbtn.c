/*
 * hidbtn.c - DriverEntry, AddDevice, Unload, PnP and power
 *
 * Copyright (c) 2021 Solvik AB
 */

#include "hidbtn.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, HbAddDevice)
#pragma alloc_text(PAGE, HbUnload)
#endif

HB_GLOBALS g_HbGlobals;

/*
 * Copy the optional "SerialNumber" value out of the service key.  The
 * registry path is only valid during DriverEntry, so the string is copied
 * into our own pool buffer.
 */
static NTSTATUS
HbCaptureSerial(_In_ PUNICODE_STRING pRegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE    astTable[2];
    UNICODE_STRING              ustrValue;
    NTSTATUS                    ntStatus;

    g_HbGlobals.pwszSerial = (PWCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                     (HB_SERIAL_MAX_CCH + 1) * sizeof(WCHAR),
                                                     HB_TAG);
    if (NULL == g_HbGlobals.pwszSerial) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlInitEmptyUnicodeString(&ustrValue, g_HbGlobals.pwszSerial, HB_SERIAL_MAX_CCH * sizeof(WCHAR));
    RtlZeroMemory(astTable, sizeof(astTable));
    astTable[0].Flags        = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    astTable[0].Name         = L"SerialNumber";
    astTable[0].EntryContext = &ustrValue;
    astTable[0].DefaultType  = (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    ntStatus = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                      pRegistryPath->Buffer, astTable, NULL, NULL);
    if (!NT_SUCCESS(ntStatus) || 0 == ustrValue.Length) {
        RtlCopyMemory(g_HbGlobals.pwszSerial, L"SP200-0000", sizeof(L"SP200-0000"));
        g_HbGlobals.cbSerial = sizeof(L"SP200-0000");
    } else {
        g_HbGlobals.pwszSerial[ustrValue.Length / sizeof(WCHAR)] = UNICODE_NULL;
        g_HbGlobals.cbSerial = ustrValue.Length + sizeof(WCHAR);
    }
    return STATUS_SUCCESS;
}

static VOID
HbFreeGlobals(VOID)
{
    if (NULL != g_HbGlobals.pwszSerial) {
        ExFreePoolWithTag(g_HbGlobals.pwszSerial, HB_TAG);
        g_HbGlobals.pwszSerial = NULL;
        g_HbGlobals.cbSerial = 0;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  pDriverObject,
    _In_ PUNICODE_STRING pRegistryPath
    )
{
    HID_MINIDRIVER_REGISTRATION stReg;
    NTSTATUS                    ntStatus;

    HB_INFO("DriverEntry %wZ", pRegistryPath);

    ntStatus = HbCaptureSerial(pRegistryPath);
    if (!NT_SUCCESS(ntStatus)) {
        HB_ERR("HbCaptureSerial 0x%08X", ntStatus);
        return ntStatus;
    }

    /*
     * Every entry point must be in place before HidRegisterMinidriver:
     * hidclass copies them and installs its own in their place.
     */
    pDriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = HbInternalIoctl;
    pDriverObject->MajorFunction[IRP_MJ_PNP]                     = HbPnp;
    pDriverObject->MajorFunction[IRP_MJ_POWER]                   = HbPower;
    pDriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL]          = HbPassThrough;
    pDriverObject->DriverExtension->AddDevice                    = HbAddDevice;
    pDriverObject->DriverUnload                                  = HbUnload;

    RtlZeroMemory(&stReg, sizeof(stReg));
    stReg.Revision            = HID_REVISION;
    stReg.DriverObject        = pDriverObject;
    stReg.RegistryPath        = pRegistryPath;
    stReg.DeviceExtensionSize = sizeof(HB_EXTENSION);
    stReg.DevicesArePolled    = TRUE;       /* hidclass polls, we answer reads at once */

    ntStatus = HidRegisterMinidriver(&stReg);
    if (!NT_SUCCESS(ntStatus)) {
        HB_ERR("HidRegisterMinidriver 0x%08X", ntStatus);
        HbFreeGlobals();
    }
    return ntStatus;
}

NTSTATUS
HbAddDevice(
    _In_ PDRIVER_OBJECT pDriverObject,
    _In_ PDEVICE_OBJECT pFdo
    )
{
    PHB_EXTENSION pExt = HB_MINI_EXT(pFdo);

    UNREFERENCED_PARAMETER(pDriverObject);
    PAGED_CODE();

    RtlZeroMemory(pExt, sizeof(*pExt));
    pExt->pFdo = pFdo;

    pFdo->Flags |= DO_POWER_PAGABLE;
    pFdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
HbUnload(
    _In_ PDRIVER_OBJECT pDriverObject
    )
{
    UNREFERENCED_PARAMETER(pDriverObject);
    PAGED_CODE();

    HB_INFO("Unload%s", "");
    HbFreeGlobals();
}

static IO_COMPLETION_ROUTINE HbStartComplete;

static NTSTATUS
HbStartComplete(PDEVICE_OBJECT pDeviceObject, PIRP pIrp, PVOID pvEvent)
{
    UNREFERENCED_PARAMETER(pDeviceObject);
    UNREFERENCED_PARAMETER(pIrp);
    KeSetEvent((PKEVENT)pvEvent, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS
HbMapRegisters(PHB_EXTENSION pExt, PCM_RESOURCE_LIST pList)
{
    PCM_PARTIAL_RESOURCE_DESCRIPTOR pDesc;
    ULONG                           i;

    if (NULL == pList || 0 == pList->Count) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    for (i = 0; i < pList->List[0].PartialResourceList.Count; i++) {
        pDesc = &pList->List[0].PartialResourceList.PartialDescriptors[i];
        if (CmResourceTypeMemory == pDesc->Type && pDesc->u.Memory.Length >= HB_REG_SPAN) {
            pExt->cbRegs  = pDesc->u.Memory.Length;
            pExt->pulRegs = (volatile ULONG *)MmMapIoSpaceEx(pDesc->u.Memory.Start, pExt->cbRegs,
                                                             PAGE_READWRITE | PAGE_NOCACHE);
            return (NULL != pExt->pulRegs) ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
        }
    }
    return STATUS_DEVICE_CONFIGURATION_ERROR;
}

static VOID
HbUnmapRegisters(PHB_EXTENSION pExt)
{
    if (NULL != pExt->pulRegs) {
        MmUnmapIoSpace((PVOID)pExt->pulRegs, pExt->cbRegs);
        pExt->pulRegs = NULL;
    }
    pExt->bStarted = FALSE;
}

NTSTATUS
HbPnp(
    _In_ PDEVICE_OBJECT pDeviceObject,
    _Inout_ PIRP        pIrp
    )
{
    PHB_EXTENSION       pExt   = HB_MINI_EXT(pDeviceObject);
    PIO_STACK_LOCATION  pStack = IoGetCurrentIrpStackLocation(pIrp);
    KEVENT              kEvent;
    NTSTATUS            ntStatus;

    switch (pStack->MinorFunction) {
    case IRP_MN_START_DEVICE:
        KeInitializeEvent(&kEvent, NotificationEvent, FALSE);
        IoCopyCurrentIrpStackLocationToNext(pIrp);
        IoSetCompletionRoutine(pIrp, HbStartComplete, &kEvent, TRUE, TRUE, TRUE);
        ntStatus = IoCallDriver(HB_LOWER(pDeviceObject), pIrp);
        if (STATUS_PENDING == ntStatus) {
            KeWaitForSingleObject(&kEvent, Executive, KernelMode, FALSE, NULL);
            ntStatus = pIrp->IoStatus.Status;
        }
        if (NT_SUCCESS(ntStatus)) {
            ntStatus = HbMapRegisters(pExt, pStack->Parameters.StartDevice.AllocatedResourcesTranslated);
            pExt->bStarted = NT_SUCCESS(ntStatus);
        }
        pIrp->IoStatus.Status = ntStatus;
        IoCompleteRequest(pIrp, IO_NO_INCREMENT);
        return ntStatus;

    case IRP_MN_STOP_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
    case IRP_MN_REMOVE_DEVICE:
        HbUnmapRegisters(pExt);
        pIrp->IoStatus.Status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    /* hidclass owns the FDO; it detaches and deletes it after REMOVE */
    IoSkipCurrentIrpStackLocation(pIrp);
    return IoCallDriver(HB_LOWER(pDeviceObject), pIrp);
}

NTSTATUS
HbPower(_In_ PDEVICE_OBJECT pDeviceObject, _Inout_ PIRP pIrp)
{
    PoStartNextPowerIrp(pIrp);
    IoSkipCurrentIrpStackLocation(pIrp);
    return PoCallDriver(HB_LOWER(pDeviceObject), pIrp);
}

NTSTATUS
HbPassThrough(_In_ PDEVICE_OBJECT pDeviceObject, _Inout_ PIRP pIrp)
{
    IoSkipCurrentIrpStackLocation(pIrp);
    return IoCallDriver(HB_LOWER(pDeviceObject), pIrp);
}
