/*++

    filter.c - filter device objects, connect hook and service callback

    Copyright (c) Tanager Peripherals 2020

--*/

#include "kbdfilt.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KfEvtDeviceAdd)
#pragma alloc_text(PAGE, KfEvtFilterCleanup)
#endif

#define SCAN_F1         0x3B
#define SCAN_F12        0x58

NTSTATUS
KfEvtDeviceAdd(
    _In_    WDFDRIVER       hDriver,
    _Inout_ PWDFDEVICE_INIT pDeviceInit
    )
{
    NTSTATUS                ntStatus;
    WDF_OBJECT_ATTRIBUTES   stAttr;
    WDF_IO_QUEUE_CONFIG     stQueueCfg;
    WDFDEVICE               hDevice;
    PKF_FILTER_EXTENSION    pExt;
    ULONG                   ulCount;

    UNREFERENCED_PARAMETER(hDriver);
    PAGED_CODE();

    // Tell the framework we are a filter: unhandled requests go down the
    // stack, and we do not become power policy owner.
    WdfFdoInitSetFilter(pDeviceInit);
    WdfDeviceInitSetDeviceType(pDeviceInit, FILE_DEVICE_KEYBOARD);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&stAttr, KF_FILTER_EXTENSION);
    stAttr.EvtCleanupCallback = KfEvtFilterCleanup;

    ntStatus = WdfDeviceCreate(&pDeviceInit, &stAttr, &hDevice);
    if (!NT_SUCCESS(ntStatus)) {
        KfPrint(KF_DBG_ERROR, "WdfDeviceCreate failed 0x%x", ntStatus);
        return ntStatus;
    }

    pExt = KfGetFilterExtension(hDevice);
    pExt->hDevice = hDevice;

    // Only internal IOCTLs (connect) are interesting; everything else is
    // forwarded by the framework because we are a filter.
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&stQueueCfg, WdfIoQueueDispatchParallel);
    stQueueCfg.EvtIoInternalDeviceControl = KfEvtIoInternalDeviceControl;

    ntStatus = WdfIoQueueCreate(hDevice, &stQueueCfg, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(ntStatus)) {
        KfPrint(KF_DBG_ERROR, "WdfIoQueueCreate failed 0x%x", ntStatus);
        return ntStatus;
    }

    WdfWaitLockAcquire(g_KfGlobals.hFilterLock, NULL);
    ntStatus = WdfCollectionAdd(g_KfGlobals.hFilterDevices, hDevice);
    ulCount  = WdfCollectionGetCount(g_KfGlobals.hFilterDevices);
    WdfWaitLockRelease(g_KfGlobals.hFilterLock);

    if (!NT_SUCCESS(ntStatus)) {
        KfPrint(KF_DBG_ERROR, "WdfCollectionAdd failed 0x%x", ntStatus);
        return ntStatus;
    }

    // The control device is optional: the keyboard works without the
    // utility, so a failure here is logged and otherwise ignored.
    if (1 == ulCount) {
        ntStatus = KfCreateControlDevice(hDevice);
        if (!NT_SUCCESS(ntStatus)) {
            KfPrint(KF_DBG_ERROR, "control device not created 0x%x", ntStatus);
        }
    }

    return STATUS_SUCCESS;
}

VOID
KfEvtFilterCleanup(
    _In_ WDFOBJECT hDevice
    )
{
    ULONG   ulCount;
    ULONG   i;
    BOOLEAN bLast;

    PAGED_CODE();

    WdfWaitLockAcquire(g_KfGlobals.hFilterLock, NULL);

    ulCount = WdfCollectionGetCount(g_KfGlobals.hFilterDevices);
    for (i = 0; i < ulCount; i++) {
        if (WdfCollectionGetItem(g_KfGlobals.hFilterDevices, i) == hDevice) {
            WdfCollectionRemoveItem(g_KfGlobals.hFilterDevices, i);
            break;
        }
    }

    bLast = (0 == WdfCollectionGetCount(g_KfGlobals.hFilterDevices)) ? TRUE : FALSE;

    WdfWaitLockRelease(g_KfGlobals.hFilterLock);

    // Last keyboard gone: the control device would otherwise keep the
    // driver from unloading.
    if (bLast) {
        KfDeleteControlDevice();
    }
}

VOID
KfEvtIoInternalDeviceControl(
    _In_ WDFQUEUE   hQueue,
    _In_ WDFREQUEST hRequest,
    _In_ size_t     cbOutput,
    _In_ size_t     cbInput,
    _In_ ULONG      ulIoControlCode
    )
{
    WDFDEVICE                   hDevice = WdfIoQueueGetDevice(hQueue);
    PKF_FILTER_EXTENSION        pExt    = KfGetFilterExtension(hDevice);
    PCONNECT_DATA               pConnect = NULL;
    WDF_REQUEST_SEND_OPTIONS    stOptions;
    NTSTATUS                    ntStatus = STATUS_SUCCESS;
    size_t                      cbLen;

    UNREFERENCED_PARAMETER(cbOutput);
    UNREFERENCED_PARAMETER(cbInput);

    switch (ulIoControlCode) {
    case IOCTL_INTERNAL_KEYBOARD_CONNECT:
        if (pExt->bConnected) {
            ntStatus = STATUS_SHARING_VIOLATION;
            break;
        }
        ntStatus = WdfRequestRetrieveInputBuffer(hRequest, sizeof(CONNECT_DATA), (PVOID *)&pConnect, &cbLen);
        if (!NT_SUCCESS(ntStatus)) {
            break;
        }
        pExt->stUpperConnect = *pConnect;
        pConnect->ClassDeviceObject = WdfDeviceWdmGetDeviceObject(hDevice);
        pConnect->ClassService      = (PVOID)(ULONG_PTR)KfServiceCallback;
        pExt->bConnected = TRUE;
        break;

    default:
        break;
    }

    if (!NT_SUCCESS(ntStatus)) {
        WdfRequestComplete(hRequest, ntStatus);
        return;
    }

    WDF_REQUEST_SEND_OPTIONS_INIT(&stOptions, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);
    WdfRequestFormatRequestUsingCurrentType(hRequest);
    if (!WdfRequestSend(hRequest, WdfDeviceGetIoTarget(hDevice), &stOptions)) {
        ntStatus = WdfRequestGetStatus(hRequest);
        KfPrint(KF_DBG_ERROR, "WdfRequestSend failed 0x%x", ntStatus);
        WdfRequestComplete(hRequest, ntStatus);
    }
}

VOID
KfServiceCallback(
    _In_    PDEVICE_OBJECT       pDeviceObject,
    _In_    PKEYBOARD_INPUT_DATA pInputDataStart,
    _In_    PKEYBOARD_INPUT_DATA pInputDataEnd,
    _Inout_ PULONG               pulInputDataConsumed
    )
{
    WDFDEVICE               hDevice = WdfWdmDeviceGetWdfDeviceHandle(pDeviceObject);
    PKF_FILTER_EXTENSION    pExt    = KfGetFilterExtension(hDevice);
    PKEYBOARD_INPUT_DATA    pCur;

    for (pCur = pInputDataStart; pCur < pInputDataEnd; pCur++) {
        if (pCur->Flags & KEY_BREAK) {
            pExt->stCounters.ulKeyUps++;
        } else {
            pExt->stCounters.ulKeyDowns++;
        }
        /* Fn-lock: F1..F12 become the media row (same make code, E0 set) */
        if (pExt->bFnLock && pCur->MakeCode >= SCAN_F1 && pCur->MakeCode <= SCAN_F12) {
            pCur->Flags |= KEY_E0;
            pExt->stCounters.ulFnTranslated++;
        }
    }

    (*(PSERVICE_CALLBACK_ROUTINE)(ULONG_PTR)pExt->stUpperConnect.ClassService)(
        pExt->stUpperConnect.ClassDeviceObject,
        pInputDataStart,
        pInputDataEnd,
        pulInputDataConsumed);
}
