/*
 *  driver.c  --  DriverEntry / Unload for kscom.sys
 *
 *  The port is not enumerated by ACPI on the older panel boards, so the
 *  driver is a legacy NT4-style one: it claims the I/O range itself and
 *  creates its device object in DriverEntry.
 *
 *  Copyright (c) 2012-2020 Kessler Systemtechnik.  All rights reserved.
 */

#include "kscom.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KsUnload)
#endif

static
ULONG
KsReadPortBase(
    _In_ PUNICODE_STRING pRegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE    astTable[2];
    ULONG                       ulBase = KS_DEFAULT_PORT_BASE;
    ULONG                       ulDefault = KS_DEFAULT_PORT_BASE;

    RtlZeroMemory(astTable, sizeof(astTable));
    astTable[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    astTable[0].Name          = L"PortBase";
    astTable[0].EntryContext  = &ulBase;
    astTable[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    astTable[0].DefaultData   = &ulDefault;
    astTable[0].DefaultLength = sizeof(ULONG);

    (VOID)RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                 pRegistryPath->Buffer,
                                 astTable, NULL, NULL);

    if (ulBase < 0x100 || ulBase > 0xFFF8) {
        ulBase = KS_DEFAULT_PORT_BASE;
    }
    return ulBase;
}

/*
 * Claim (or, with pExt == NULL, release) the 8-byte I/O range.
 */
static
NTSTATUS
KsReportResources(
    _In_     PDRIVER_OBJECT         pDriverObject,
    _In_opt_ PKS_DEVICE_EXTENSION   pExt
    )
{
    CM_RESOURCE_LIST                stList;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR pDesc;
    BOOLEAN                         bConflict = FALSE;
    NTSTATUS                        ntStatus;

    if (NULL == pExt) {
        return IoReportResourceForDetection(pDriverObject, NULL, 0, NULL, NULL, 0, &bConflict);
    }

    RtlZeroMemory(&stList, sizeof(stList));
    stList.Count = 1;
    stList.List[0].InterfaceType = Isa;
    stList.List[0].BusNumber = 0;
    stList.List[0].PartialResourceList.Version  = 1;
    stList.List[0].PartialResourceList.Revision = 1;
    stList.List[0].PartialResourceList.Count    = 1;

    pDesc = &stList.List[0].PartialResourceList.PartialDescriptors[0];
    pDesc->Type             = CmResourceTypePort;
    pDesc->ShareDisposition = CmResourceShareDeviceExclusive;
    pDesc->Flags            = CM_RESOURCE_PORT_IO | CM_RESOURCE_PORT_16_BIT_DECODE;
    pDesc->u.Port.Start.QuadPart = (LONGLONG)(ULONG_PTR)pExt->pucPortBase;
    pDesc->u.Port.Length    = KS_PORT_SPAN;

    ntStatus = IoReportResourceForDetection(pDriverObject,
                                            &stList,
                                            sizeof(stList),
                                            NULL, NULL, 0,
                                            &bConflict);
    if (NT_SUCCESS(ntStatus) && bConflict) {
        ntStatus = STATUS_CONFLICTING_ADDRESSES;
    }
    return ntStatus;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  pDriverObject,
    _In_ PUNICODE_STRING pRegistryPath
    )
{
    NTSTATUS                ntStatus;
    UNICODE_STRING          ustrDevName;
    PDEVICE_OBJECT          pDevObj = NULL;
    PKS_DEVICE_EXTENSION    pExt;
    ULONG                   ulPortBase;

    KS_PRINT(("kscom: DriverEntry (%wZ)\n", pRegistryPath));

    ulPortBase = KsReadPortBase(pRegistryPath);

    RtlInitUnicodeString(&ustrDevName, KS_DEVICE_NAME);
    ntStatus = IoCreateDevice(pDriverObject,
                              sizeof(KS_DEVICE_EXTENSION),
                              &ustrDevName,
                              FILE_DEVICE_SERIAL_PORT,
                              FILE_DEVICE_SECURE_OPEN,
                              TRUE,
                              &pDevObj);
    if (!NT_SUCCESS(ntStatus)) {
        KS_FAIL("IoCreateDevice", ntStatus);
        return ntStatus;
    }

    pExt = (PKS_DEVICE_EXTENSION)pDevObj->DeviceExtension;
    RtlZeroMemory(pExt, sizeof(KS_DEVICE_EXTENSION));
    pExt->pDeviceObject = pDevObj;
    pExt->pucPortBase   = (PUCHAR)(ULONG_PTR)ulPortBase;
    pExt->ulBaudRate    = 9600;
    RtlInitUnicodeString(&pExt->ustrDeviceName, KS_DEVICE_NAME);
    RtlInitUnicodeString(&pExt->ustrDosName, KS_DOS_NAME);
    KeInitializeSpinLock(&pExt->slRing);
    KeInitializeTimer(&pExt->stPollTimer);
    KeInitializeDpc(&pExt->stPollDpc, KsPollDpc, pExt);

    pExt->pucRing = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, KS_RX_RING_SIZE, KS_TAG);
    if (NULL == pExt->pucRing) {
        ntStatus = STATUS_INSUFFICIENT_RESOURCES;
        goto err_delete;
    }

    ntStatus = KsReportResources(pDriverObject, pExt);
    if (!NT_SUCCESS(ntStatus)) {
        KS_FAIL("KsReportResources", ntStatus);
        goto err_free;
    }
    pExt->bResourcesClaimed = TRUE;

    if (!KsUartProbe(pExt)) {
        KS_PRINT(("kscom: no 16550 at %03lx\n", ulPortBase));
        ntStatus = STATUS_NO_SUCH_DEVICE;
        goto err_release;
    }

    /*
     * Publish the port in HARDWARE\DEVICEMAP\SERIALCOMM so that the
     * Ports class installer and terminal programs see COM9.
     */
    ntStatus = RtlWriteRegistryValue(RTL_REGISTRY_DEVICEMAP,
                                     L"SERIALCOMM",
                                     KS_DEVICE_NAME,
                                     REG_SZ,
                                     KS_COM_NAME,
                                     sizeof(KS_COM_NAME));
    if (!NT_SUCCESS(ntStatus)) {
        KS_FAIL("RtlWriteRegistryValue(SERIALCOMM)", ntStatus);
        goto err_release;
    }

    ntStatus = IoCreateSymbolicLink(&pExt->ustrDosName, &pExt->ustrDeviceName);
    if (!NT_SUCCESS(ntStatus)) {
        KS_FAIL("IoCreateSymbolicLink", ntStatus);
        goto err_release;
    }

    KsUartSetBaud(pExt, pExt->ulBaudRate);

    pDriverObject->MajorFunction[IRP_MJ_CREATE]         = KsDispatchCreateClose;
    pDriverObject->MajorFunction[IRP_MJ_CLOSE]          = KsDispatchCreateClose;
    pDriverObject->MajorFunction[IRP_MJ_READ]           = KsDispatchRead;
    pDriverObject->MajorFunction[IRP_MJ_WRITE]          = KsDispatchWrite;
    pDriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KsDispatchIoctl;
    pDriverObject->DriverUnload                         = KsUnload;

    pDevObj->Flags |= DO_BUFFERED_IO;
    pDevObj->Flags &= ~DO_DEVICE_INITIALIZING;

    KS_PRINT(("kscom: COM9 at %03lx ready\n", ulPortBase));
    return STATUS_SUCCESS;

err_release:
    KsReportResources(pDriverObject, NULL);
    pExt->bResourcesClaimed = FALSE;
err_free:
    ExFreePoolWithTag(pExt->pucRing, KS_TAG);
    pExt->pucRing = NULL;
err_delete:
    IoDeleteDevice(pDevObj);
    return ntStatus;
}

VOID
KsUnload(
    _In_ PDRIVER_OBJECT pDriverObject
    )
{
    PDEVICE_OBJECT          pDevObj = pDriverObject->DeviceObject;
    PKS_DEVICE_EXTENSION    pExt;

    PAGED_CODE();

    KS_PRINT(("kscom: Unload\n"));

    if (NULL == pDevObj) {
        return;
    }
    pExt = (PKS_DEVICE_EXTENSION)pDevObj->DeviceExtension;

    /* make sure the poll DPC is gone before the ring goes away */
    KeCancelTimer(&pExt->stPollTimer);
    KeFlushQueuedDpcs();

    /* quiesce the UART */
    WRITE_PORT_UCHAR(pExt->pucPortBase + UART_IER, 0);
    WRITE_PORT_UCHAR(pExt->pucPortBase + UART_MCR, 0);

    RtlDeleteRegistryValue(RTL_REGISTRY_DEVICEMAP, L"SERIALCOMM", KS_DEVICE_NAME);
    IoDeleteSymbolicLink(&pExt->ustrDeviceName);

    if (pExt->bResourcesClaimed) {
        KsReportResources(pDriverObject, NULL);
        pExt->bResourcesClaimed = FALSE;
    }

    if (NULL != pExt->pucRing) {
        ExFreePoolWithTag(pExt->pucRing, KS_TAG);
        pExt->pucRing = NULL;
    }

    IoDeleteDevice(pDevObj);
}
