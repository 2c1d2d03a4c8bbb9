// device.cpp - LX-410 device object, interrupt, DMA
//
// Copyright (C) 2021 Lumen Messtechnik GmbH

#include "pcidaq.h"

namespace Lumen {

void* CDaqDevice::operator new(size_t cb)
{
    return ExAllocatePool2(POOL_FLAG_NON_PAGED, cb, DAQ_TAG);
}

void CDaqDevice::operator delete(void* pv)
{
    if (pv != nullptr) {
        ExFreePoolWithTag(pv, DAQ_TAG);
    }
}

CDaqDevice::CDaqDevice(WDFDEVICE hDevice)
    : m_hDevice(hDevice),
      m_hInterrupt(nullptr),
      m_hDmaEnabler(nullptr),
      m_hDescRing(nullptr),
      m_hTransaction(nullptr),
      m_hReadQueue(nullptr),
      m_pucBar0(nullptr),
      m_cbBar0(0),
      m_pDescRing(nullptr),
      m_ulIntStatus(0),
      m_ulOverruns(0)
{
    m_paDescRing.QuadPart = 0;
}

CDaqDevice* CDaqDevice::FromDevice(WDFDEVICE hDevice)
{
    return DaqGetContext(hDevice)->pDevice;
}

NTSTATUS CDaqDevice::EvtDeviceAdd(WDFDRIVER hDriver, PWDFDEVICE_INIT pDeviceInit)
{
    NTSTATUS                        ntStatus;
    WDF_PNPPOWER_EVENT_CALLBACKS    stPnp;
    WDF_OBJECT_ATTRIBUTES           stAttr;
    WDFDEVICE                       hDevice;
    CDaqDevice*                     pThis;

    UNREFERENCED_PARAMETER(hDriver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&stPnp);
    stPnp.EvtDevicePrepareHardware = &CDaqDevice::EvtPrepareHardware;
    stPnp.EvtDeviceReleaseHardware = &CDaqDevice::EvtReleaseHardware;
    WdfDeviceInitSetPnpPowerEventCallbacks(pDeviceInit, &stPnp);

    WdfDeviceInitSetIoType(pDeviceInit, WdfDeviceIoDirect);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&stAttr, DAQ_DEVICE_CONTEXT);
    stAttr.EvtCleanupCallback = &CDaqDevice::EvtDeviceCleanup;

    ntStatus = WdfDeviceCreate(&pDeviceInit, &stAttr, &hDevice);
    DAQ_RETURN_IF_FAILED(ntStatus, "WdfDeviceCreate");

    pThis = new CDaqDevice(hDevice);
    if (pThis == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    DaqGetContext(hDevice)->pDevice = pThis;

    // on failure the framework deletes hDevice and EvtDeviceCleanup frees pThis
    return pThis->Initialize();
}

NTSTATUS CDaqDevice::Initialize()
{
    NTSTATUS                ntStatus;
    WDF_INTERRUPT_CONFIG    stIntConfig;
    WDF_DMA_ENABLER_CONFIG  stDmaConfig;
    WDF_IO_QUEUE_CONFIG     stQueueConfig;

    //
    // Interrupt - framework connects it between D0Entry and D0EntryPostInterruptsEnabled
    //
    WDF_INTERRUPT_CONFIG_INIT(&stIntConfig,
                              &CDaqDevice::EvtInterruptIsr,
                              &CDaqDevice::EvtInterruptDpc);
    stIntConfig.EvtInterruptEnable  = &CDaqDevice::EvtInterruptEnable;
    stIntConfig.EvtInterruptDisable = &CDaqDevice::EvtInterruptDisable;

    ntStatus = WdfInterruptCreate(m_hDevice,
                                  &stIntConfig,
                                  WDF_NO_OBJECT_ATTRIBUTES,
                                  &m_hInterrupt);

    //
    // DMA: 64-bit scatter/gather bus master, descriptors in a common buffer
    //
    WDF_DMA_ENABLER_CONFIG_INIT(&stDmaConfig,
                                WdfDmaProfileScatterGather64,
                                DAQ_MAX_TRANSFER);

    ntStatus = WdfDmaEnablerCreate(m_hDevice,
                                   &stDmaConfig,
                                   WDF_NO_OBJECT_ATTRIBUTES,
                                   &m_hDmaEnabler);
    DAQ_RETURN_IF_FAILED(ntStatus, "WdfDmaEnablerCreate");

    WdfDmaEnablerSetMaximumScatterGatherElements(m_hDmaEnabler, DAQ_MAX_SG_ELEMENTS);

    ntStatus = WdfCommonBufferCreate(m_hDmaEnabler,
                                     DAQ_DESC_RING_BYTES,
                                     WDF_NO_OBJECT_ATTRIBUTES,
                                     &m_hDescRing);
    DAQ_RETURN_IF_FAILED(ntStatus, "WdfCommonBufferCreate");

    m_pDescRing  = static_cast<DAQ_SG_DESC*>(WdfCommonBufferGetAlignedVirtualAddress(m_hDescRing));
    m_paDescRing = WdfCommonBufferGetAlignedLogicalAddress(m_hDescRing);
    RtlZeroMemory(m_pDescRing, DAQ_DESC_RING_BYTES);

    ntStatus = WdfDmaTransactionCreate(m_hDmaEnabler,
                                       WDF_NO_OBJECT_ATTRIBUTES,
                                       &m_hTransaction);
    DAQ_RETURN_IF_FAILED(ntStatus, "WdfDmaTransactionCreate");

    //
    // One read at a time, the card has a single DMA engine
    //
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&stQueueConfig, WdfIoQueueDispatchSequential);
    stQueueConfig.EvtIoRead = &CDaqDevice::EvtIoRead;

    ntStatus = WdfIoQueueCreate(m_hDevice,
                                &stQueueConfig,
                                WDF_NO_OBJECT_ATTRIBUTES,
                                &m_hReadQueue);
    DAQ_RETURN_IF_FAILED(ntStatus, "WdfIoQueueCreate");

    ntStatus = WdfDeviceCreateDeviceInterface(m_hDevice, &GUID_DEVINTERFACE_LX410, nullptr);
    DAQ_RETURN_IF_FAILED(ntStatus, "WdfDeviceCreateDeviceInterface");

    DAQ_TRACE(DPFLTR_INFO_LEVEL, "device %p ready, ring at %I64X", m_hDevice, m_paDescRing.QuadPart);
    return STATUS_SUCCESS;
}

VOID CDaqDevice::EvtDeviceCleanup(WDFOBJECT hObject)
{
    DAQ_DEVICE_CONTEXT* pCtx = DaqGetContext(static_cast<WDFDEVICE>(hObject));

    delete pCtx->pDevice;
    pCtx->pDevice = nullptr;
}

NTSTATUS CDaqDevice::MapResources(WDFCMRESLIST hTranslated)
{
    ULONG ulCount = WdfCmResourceListGetCount(hTranslated);

    for (ULONG i = 0; i < ulCount; i++) {
        PCM_PARTIAL_RESOURCE_DESCRIPTOR pDesc = WdfCmResourceListGetDescriptor(hTranslated, i);
        if (pDesc == nullptr) {
            return STATUS_DEVICE_CONFIGURATION_ERROR;
        }
        if (pDesc->Type == CmResourceTypeMemory && m_pucBar0 == nullptr &&
            pDesc->u.Memory.Length >= DAQ_BAR0_MIN_LENGTH) {
            m_cbBar0   = pDesc->u.Memory.Length;
            m_pucBar0  = static_cast<PUCHAR>(MmMapIoSpaceEx(pDesc->u.Memory.Start,
                                                            m_cbBar0,
                                                            PAGE_READWRITE | PAGE_NOCACHE));
            if (m_pucBar0 == nullptr) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
        }
    }
    return (m_pucBar0 != nullptr) ? STATUS_SUCCESS : STATUS_DEVICE_CONFIGURATION_ERROR;
}

VOID CDaqDevice::UnmapResources()
{
    if (m_pucBar0 != nullptr) {
        MmUnmapIoSpace(m_pucBar0, m_cbBar0);
        m_pucBar0 = nullptr;
        m_cbBar0  = 0;
    }
}

NTSTATUS CDaqDevice::EvtPrepareHardware(WDFDEVICE hDevice, WDFCMRESLIST hRaw, WDFCMRESLIST hTranslated)
{
    UNREFERENCED_PARAMETER(hRaw);
    CDaqDevice* pThis = FromDevice(hDevice);

    NTSTATUS ntStatus = pThis->MapResources(hTranslated);
    if (NT_SUCCESS(ntStatus)) {
        pThis->WriteReg(DAQ_REG_CONTROL, DAQ_CTRL_RESET);
        pThis->WriteReg(DAQ_REG_INT_ENABLE, 0);
    }
    return ntStatus;
}

NTSTATUS CDaqDevice::EvtReleaseHardware(WDFDEVICE hDevice, WDFCMRESLIST hTranslated)
{
    UNREFERENCED_PARAMETER(hTranslated);
    FromDevice(hDevice)->UnmapResources();
    return STATUS_SUCCESS;
}

NTSTATUS CDaqDevice::EvtInterruptEnable(WDFINTERRUPT hInterrupt, WDFDEVICE hDevice)
{
    UNREFERENCED_PARAMETER(hInterrupt);
    FromDevice(hDevice)->WriteReg(DAQ_REG_INT_ENABLE, DAQ_INT_ALL);
    return STATUS_SUCCESS;
}

NTSTATUS CDaqDevice::EvtInterruptDisable(WDFINTERRUPT hInterrupt, WDFDEVICE hDevice)
{
    UNREFERENCED_PARAMETER(hInterrupt);
    FromDevice(hDevice)->WriteReg(DAQ_REG_INT_ENABLE, 0);
    return STATUS_SUCCESS;
}

BOOLEAN CDaqDevice::EvtInterruptIsr(WDFINTERRUPT hInterrupt, ULONG ulMessageId)
{
    UNREFERENCED_PARAMETER(ulMessageId);
    CDaqDevice* pThis = FromDevice(WdfInterruptGetDevice(hInterrupt));

    ULONG ulStatus = pThis->ReadReg(DAQ_REG_INT_STATUS) & DAQ_INT_ALL;
    if (ulStatus == 0) {
        return FALSE;               // shared line, not ours
    }
    pThis->WriteReg(DAQ_REG_INT_STATUS, ulStatus);   // W1C
    pThis->m_ulIntStatus |= ulStatus;
    WdfInterruptQueueDpcForIsr(hInterrupt);
    return TRUE;
}

VOID CDaqDevice::EvtInterruptDpc(WDFINTERRUPT hInterrupt, WDFOBJECT hAssociated)
{
    UNREFERENCED_PARAMETER(hAssociated);
    CDaqDevice* pThis = FromDevice(WdfInterruptGetDevice(hInterrupt));
    NTSTATUS    ntStatus = STATUS_SUCCESS;
    ULONG       ulStatus;

    WdfInterruptAcquireLock(hInterrupt);
    ulStatus = pThis->m_ulIntStatus;
    pThis->m_ulIntStatus = 0;
    WdfInterruptReleaseLock(hInterrupt);

    if (ulStatus & DAQ_INT_FIFO_OVERRUN) {
        pThis->m_ulOverruns++;
    }
    if (!(ulStatus & DAQ_INT_DMA_DONE)) {
        return;
    }

    if (WdfDmaTransactionDmaCompleted(pThis->m_hTransaction, &ntStatus)) {
        WDFREQUEST hRequest = WdfDmaTransactionGetRequest(pThis->m_hTransaction);
        size_t     cbDone   = WdfDmaTransactionGetBytesTransferred(pThis->m_hTransaction);
        WdfDmaTransactionRelease(pThis->m_hTransaction);
        WdfRequestCompleteWithInformation(hRequest, ntStatus, cbDone);
    }
}

BOOLEAN CDaqDevice::EvtProgramDma(WDFDMATRANSACTION hTransaction, WDFDEVICE hDevice,
                                  WDFCONTEXT pContext, WDF_DMA_DIRECTION eDirection,
                                  PSCATTER_GATHER_LIST pSgList)
{
    UNREFERENCED_PARAMETER(hTransaction);
    UNREFERENCED_PARAMETER(pContext);
    UNREFERENCED_PARAMETER(eDirection);
    CDaqDevice* pThis = FromDevice(hDevice);
    ULONG       ulCount = min(pSgList->NumberOfElements, (ULONG)DAQ_MAX_SG_ELEMENTS);

    for (ULONG i = 0; i < ulCount; i++) {
        pThis->m_pDescRing[i].ullAddress = pSgList->Elements[i].Address.QuadPart;
        pThis->m_pDescRing[i].ulLength   = pSgList->Elements[i].Length;
        pThis->m_pDescRing[i].ulFlags    = (i + 1 == ulCount) ? 1 : 0;
    }
    KeMemoryBarrier();

    WdfInterruptAcquireLock(pThis->m_hInterrupt);
    pThis->WriteReg(DAQ_REG_DESC_LO, pThis->m_paDescRing.LowPart);
    pThis->WriteReg(DAQ_REG_DESC_HI, static_cast<ULONG>(pThis->m_paDescRing.HighPart));
    pThis->WriteReg(DAQ_REG_DESC_COUNT, ulCount);
    pThis->WriteReg(DAQ_REG_DMA_GO, 1);
    WdfInterruptReleaseLock(pThis->m_hInterrupt);
    return TRUE;
}

VOID CDaqDevice::EvtIoRead(WDFQUEUE hQueue, WDFREQUEST hRequest, size_t cbLength)
{
    CDaqDevice* pThis = FromDevice(WdfIoQueueGetDevice(hQueue));
    NTSTATUS    ntStatus;

    if (cbLength == 0 || cbLength > DAQ_MAX_TRANSFER) {
        WdfRequestComplete(hRequest, STATUS_INVALID_BUFFER_SIZE);
        return;
    }

    ntStatus = WdfDmaTransactionInitializeUsingRequest(pThis->m_hTransaction,
                                                       hRequest,
                                                       &CDaqDevice::EvtProgramDma,
                                                       WdfDmaDirectionReadFromDevice);
    if (NT_SUCCESS(ntStatus)) {
        ntStatus = WdfDmaTransactionExecute(pThis->m_hTransaction, pThis);
        if (!NT_SUCCESS(ntStatus)) {
            WdfDmaTransactionRelease(pThis->m_hTransaction);
        }
    }
    if (!NT_SUCCESS(ntStatus)) {
        WdfRequestComplete(hRequest, ntStatus);
    }
}

} // namespace Lumen
