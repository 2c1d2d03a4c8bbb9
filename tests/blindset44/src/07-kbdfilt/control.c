/*++

    control.c - sideband control device used by TanagerKeys.exe

    Copyright (c) Tanager Peripherals 2020

--*/

#include "kbdfilt.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KfCreateControlDevice)
#pragma alloc_text(PAGE, KfDeleteControlDevice)
#endif

NTSTATUS
KfCreateControlDevice(
    _In_ WDFDEVICE hFilterDevice
    )
{
    PWDFDEVICE_INIT         pInit = NULL;
    WDFDEVICE               hControl = NULL;
    WDF_OBJECT_ATTRIBUTES   stAttr;
    WDF_IO_QUEUE_CONFIG     stQueueCfg;
    NTSTATUS                ntStatus;
    DECLARE_CONST_UNICODE_STRING(ustrNtName,  KF_CONTROL_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(ustrDosName, KF_CONTROL_DOS_NAME);

    PAGED_CODE();

    if (NULL != g_KfGlobals.hControlDevice) {
        return STATUS_SUCCESS;
    }

    KfPrint(KF_DBG_INFO, "creating control device%s", "");

    //
    // Admins and SYSTEM full access, everyone read/write (the tray utility
    // runs unelevated).
    //
    pInit = WdfControlDeviceInitAllocate(WdfDeviceGetDriver(hFilterDevice),
                                         &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (NULL == pInit) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(pInit, FALSE);
    WdfDeviceInitSetIoType(pInit, WdfDeviceIoBuffered);

    ntStatus = WdfDeviceInitAssignName(pInit, &ustrNtName);
    if (!NT_SUCCESS(ntStatus)) {
        KfPrint(KF_DBG_ERROR, "WdfDeviceInitAssignName failed 0x%x", ntStatus);
        return ntStatus;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&stAttr, KF_CONTROL_EXTENSION);

    ntStatus = WdfDeviceCreate(&pInit, &stAttr, &hControl);
    if (!NT_SUCCESS(ntStatus)) {
        KfPrint(KF_DBG_ERROR, "WdfDeviceCreate(control) failed 0x%x", ntStatus);
        WdfDeviceInitFree(pInit);
        return ntStatus;
    }

    ntStatus = WdfDeviceCreateSymbolicLink(hControl, &ustrDosName);
    if (!NT_SUCCESS(ntStatus)) {
        KfPrint(KF_DBG_ERROR, "WdfDeviceCreateSymbolicLink failed 0x%x", ntStatus);
        goto Error;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&stQueueCfg, WdfIoQueueDispatchSequential);
    stQueueCfg.EvtIoDeviceControl = KfEvtControlIoDeviceControl;

    ntStatus = WdfIoQueueCreate(hControl, &stQueueCfg, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(ntStatus)) {
        KfPrint(KF_DBG_ERROR, "WdfIoQueueCreate(control) failed 0x%x", ntStatus);
        goto Error;
    }

    g_KfGlobals.hControlDevice = hControl;
    KfPrint(KF_DBG_INFO, "control device %p ready", hControl);
    return STATUS_SUCCESS;

Error:
    //
    // Deleting the control device also removes its symbolic link.
    //
    WdfObjectDelete(hControl);
    return ntStatus;
}

VOID
KfDeleteControlDevice(
    VOID
    )
{
    PAGED_CODE();

    if (NULL != g_KfGlobals.hControlDevice) {
        KfPrint(KF_DBG_INFO, "deleting control device%s", "");
        WdfObjectDelete(g_KfGlobals.hControlDevice);
        g_KfGlobals.hControlDevice = NULL;
    }
}

VOID
KfEvtControlIoDeviceControl(
    _In_ WDFQUEUE   hQueue,
    _In_ WDFREQUEST hRequest,
    _In_ size_t     cbOutput,
    _In_ size_t     cbInput,
    _In_ ULONG      ulIoControlCode
    )
{
    NTSTATUS                ntStatus = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR               ulInfo = 0;
    PKF_COUNTERS            pOut;
    KF_COUNTERS             stTotal;
    WDFDEVICE               hFilter;
    PKF_FILTER_EXTENSION    pExt;
    ULONG                   i;

    UNREFERENCED_PARAMETER(hQueue);
    UNREFERENCED_PARAMETER(cbOutput);
    UNREFERENCED_PARAMETER(cbInput);

    switch (ulIoControlCode) {
    case IOCTL_KF_GET_COUNTERS:
        ntStatus = WdfRequestRetrieveOutputBuffer(hRequest, sizeof(KF_COUNTERS), (PVOID *)&pOut, NULL);
        if (!NT_SUCCESS(ntStatus)) {
            break;
        }
        RtlZeroMemory(&stTotal, sizeof(stTotal));
        WdfWaitLockAcquire(g_KfGlobals.hFilterLock, NULL);
        for (i = 0; i < WdfCollectionGetCount(g_KfGlobals.hFilterDevices); i++) {
            hFilter = (WDFDEVICE)WdfCollectionGetItem(g_KfGlobals.hFilterDevices, i);
            pExt = KfGetFilterExtension(hFilter);
            stTotal.ulKeyDowns     += pExt->stCounters.ulKeyDowns;
            stTotal.ulKeyUps       += pExt->stCounters.ulKeyUps;
            stTotal.ulFnTranslated += pExt->stCounters.ulFnTranslated;
        }
        WdfWaitLockRelease(g_KfGlobals.hFilterLock);
        *pOut  = stTotal;
        ulInfo = sizeof(KF_COUNTERS);
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(hRequest, ntStatus, ulInfo);
}
