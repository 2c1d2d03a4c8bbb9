// device.cpp -- VA-3D device: SPB target, passive-level GPIO interrupt
//
// Copyright (c) 2022 Vireo Sensing Inc.

#include "spbaccel.h"

using namespace Vireo;

CAccelDevice::CAccelDevice(WDFDEVICE hDevice)
    : m_hDevice(hDevice),
      m_hSpbTarget(nullptr),
      m_hInterrupt(nullptr),
      m_bHaveConnection(FALSE),
      m_bSuspendPending(FALSE),
      m_ulSamples(0)
{
    InitializeListHead(&m_leLink);
    m_liConnectionId.QuadPart = 0;
    RtlZeroMemory(&m_stLast, sizeof(m_stLast));
}

CAccelDevice::~CAccelDevice()
{
}

NTSTATUS CAccelDevice::EvtDeviceAdd(WDFDRIVER hDriver, PWDFDEVICE_INIT pInit)
{
    NTSTATUS                        ntStatus;
    WDF_PNPPOWER_EVENT_CALLBACKS    stPnp;
    WDF_OBJECT_ATTRIBUTES           stAttr;
    WDF_INTERRUPT_CONFIG            stIntCfg;
    WDFDEVICE                       hDevice;
    CAccelDevice*                   pThis;

    UNREFERENCED_PARAMETER(hDriver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&stPnp);
    stPnp.EvtDevicePrepareHardware = &CAccelDevice::EvtPrepareHardware;
    stPnp.EvtDeviceReleaseHardware = &CAccelDevice::EvtReleaseHardware;
    stPnp.EvtDeviceD0Entry         = &CAccelDevice::EvtD0Entry;
    stPnp.EvtDeviceD0Exit          = &CAccelDevice::EvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(pInit, &stPnp);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&stAttr, VA_DEVICE);
    stAttr.EvtCleanupCallback = &CAccelDevice::EvtDeviceContextCleanup;

    ntStatus = WdfDeviceCreate(&pInit, &stAttr, &hDevice);
    VA_CHECK(ntStatus, "WdfDeviceCreate");

    pThis = new (VaGetDevice(hDevice)) CAccelDevice(hDevice);

    //
    // GPIO-based interrupt: the ISR talks to the sensor over I2C, so it
    // must run at PASSIVE_LEVEL.
    //
    WDF_INTERRUPT_CONFIG_INIT(&stIntCfg, &CAccelDevice::EvtInterruptIsr, nullptr);
    stIntCfg.PassiveHandling = TRUE;

    ntStatus = WdfInterruptCreate(hDevice, &stIntCfg, WDF_NO_OBJECT_ATTRIBUTES, &pThis->m_hInterrupt);
    VA_CHECK(ntStatus, "WdfInterruptCreate");

    CDriverState::AddDevice(pThis);
    return STATUS_SUCCESS;
}

VOID CAccelDevice::EvtDeviceContextCleanup(WDFOBJECT hObject)
{
    CAccelDevice* pThis = VaGetDevice(static_cast<WDFDEVICE>(hObject));

    if (!IsListEmpty(&pThis->m_leLink)) {
        CDriverState::RemoveDevice(pThis);
    }
    pThis->~CAccelDevice();
}

NTSTATUS CAccelDevice::EvtPrepareHardware(WDFDEVICE hDevice, WDFCMRESLIST hRaw, WDFCMRESLIST hTrans)
{
    CAccelDevice*   pThis = VaGetDevice(hDevice);
    ULONG           ulCount = WdfCmResourceListGetCount(hTrans);
    UCHAR           ucWho = 0;
    NTSTATUS        ntStatus;

    UNREFERENCED_PARAMETER(hRaw);

    for (ULONG i = 0; i < ulCount; i++) {
        PCM_PARTIAL_RESOURCE_DESCRIPTOR pDesc = WdfCmResourceListGetDescriptor(hTrans, i);
        if (pDesc->Type == CmResourceTypeConnection &&
            pDesc->u.Connection.Class == CM_RESOURCE_CONNECTION_CLASS_SERIAL &&
            pDesc->u.Connection.Type  == CM_RESOURCE_CONNECTION_TYPE_SERIAL_I2C &&
            !pThis->m_bHaveConnection) {
            pThis->m_liConnectionId.LowPart  = pDesc->u.Connection.IdLowPart;
            pThis->m_liConnectionId.HighPart = pDesc->u.Connection.IdHighPart;
            pThis->m_bHaveConnection = TRUE;
        }
        // CmResourceTypeInterrupt is picked up by the WDFINTERRUPT from AddDevice
    }

    if (!pThis->m_bHaveConnection) {
        VA_ERROR("no I2C connection resource%s", "");
        return STATUS_RESOURCE_TYPE_NOT_FOUND;
    }

    ntStatus = pThis->OpenSpbTarget();
    VA_CHECK(ntStatus, "OpenSpbTarget");

    ntStatus = pThis->ReadRegisters(VA_REG_WHO_AM_I, &ucWho, 1);
    VA_CHECK(ntStatus, "WHO_AM_I");
    if (ucWho != VA_WHO_AM_I_VALUE) {
        VA_ERROR("unexpected WHO_AM_I 0x%02X", ucWho);
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    return STATUS_SUCCESS;
}

NTSTATUS CAccelDevice::OpenSpbTarget()
{
    NTSTATUS                    ntStatus;
    WDF_OBJECT_ATTRIBUTES       stAttr;
    WDF_IO_TARGET_OPEN_PARAMS   stOpen;
    DECLARE_UNICODE_STRING_SIZE(ustrSpbPath, RESOURCE_HUB_PATH_SIZE);

    ntStatus = RESOURCE_HUB_CREATE_PATH_FROM_ID(&ustrSpbPath,
                                                m_liConnectionId.LowPart,
                                                m_liConnectionId.HighPart);
    VA_CHECK(ntStatus, "RESOURCE_HUB_CREATE_PATH_FROM_ID");

    WDF_OBJECT_ATTRIBUTES_INIT(&stAttr);
    stAttr.ParentObject = m_hDevice;

    ntStatus = WdfIoTargetCreate(m_hDevice, &stAttr, &m_hSpbTarget);
    VA_CHECK(ntStatus, "WdfIoTargetCreate");

    WDF_IO_TARGET_OPEN_PARAMS_INIT_OPEN_BY_NAME(&stOpen, &ustrSpbPath, GENERIC_READ | GENERIC_WRITE);

    ntStatus = WdfIoTargetOpen(m_hSpbTarget, &stOpen);
    if (!NT_SUCCESS(ntStatus)) {
        WdfObjectDelete(m_hSpbTarget);
        m_hSpbTarget = nullptr;
    }
    return ntStatus;
}

NTSTATUS CAccelDevice::EvtReleaseHardware(WDFDEVICE hDevice, WDFCMRESLIST hTrans)
{
    CAccelDevice* pThis = VaGetDevice(hDevice);

    UNREFERENCED_PARAMETER(hTrans);

    if (pThis->m_hSpbTarget != nullptr) {
        WdfIoTargetClose(pThis->m_hSpbTarget);
        WdfObjectDelete(pThis->m_hSpbTarget);
        pThis->m_hSpbTarget = nullptr;
    }
    pThis->m_bHaveConnection = FALSE;
    return STATUS_SUCCESS;
}

NTSTATUS CAccelDevice::WriteRegister(UCHAR ucReg, UCHAR ucValue)
{
    UCHAR                   aucBuf[2] = { ucReg, ucValue };
    WDF_MEMORY_DESCRIPTOR   stMem;
    ULONG_PTR               cbWritten = 0;

    WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&stMem, aucBuf, sizeof(aucBuf));
    return WdfIoTargetSendWriteSynchronously(m_hSpbTarget, nullptr, &stMem, nullptr, nullptr, &cbWritten);
}

NTSTATUS CAccelDevice::ReadRegisters(UCHAR ucReg, PUCHAR pucBuf, ULONG cbBuf)
{
    UCHAR                   ucAddr = (cbBuf > 1) ? (UCHAR)(ucReg | VA_AUTO_INCREMENT) : ucReg;
    WDF_MEMORY_DESCRIPTOR   stMem;
    ULONG_PTR               cbDone = 0;
    NTSTATUS                ntStatus;

    WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&stMem, &ucAddr, sizeof(ucAddr));
    ntStatus = WdfIoTargetSendWriteSynchronously(m_hSpbTarget, nullptr, &stMem, nullptr, nullptr, &cbDone);
    if (!NT_SUCCESS(ntStatus)) {
        return ntStatus;
    }

    WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&stMem, pucBuf, cbBuf);
    return WdfIoTargetSendReadSynchronously(m_hSpbTarget, nullptr, &stMem, nullptr, nullptr, &cbDone);
}

NTSTATUS CAccelDevice::EvtD0Entry(WDFDEVICE hDevice, WDF_POWER_DEVICE_STATE ePrev)
{
    UNREFERENCED_PARAMETER(ePrev);
    return VaGetDevice(hDevice)->WriteRegister(VA_REG_CTRL1, VA_CTRL1_100HZ_XYZ);
}

NTSTATUS CAccelDevice::EvtD0Exit(WDFDEVICE hDevice, WDF_POWER_DEVICE_STATE eTarget)
{
    UNREFERENCED_PARAMETER(eTarget);
    // best effort, the controller may already be gone on surprise removal
    (VOID)VaGetDevice(hDevice)->WriteRegister(VA_REG_CTRL1, VA_CTRL1_POWER_DOWN);
    return STATUS_SUCCESS;
}

BOOLEAN CAccelDevice::EvtInterruptIsr(WDFINTERRUPT hInterrupt, ULONG ulMessageId)
{
    CAccelDevice*   pThis = VaGetDevice(WdfInterruptGetDevice(hInterrupt));
    UCHAR           aucRaw[6];
    UCHAR           ucSrc = 0;

    UNREFERENCED_PARAMETER(ulMessageId);

    if (!NT_SUCCESS(pThis->ReadRegisters(VA_REG_INT_SRC, &ucSrc, 1)) || ucSrc == 0) {
        return FALSE;
    }
    if (NT_SUCCESS(pThis->ReadRegisters(VA_REG_OUT_X_L, aucRaw, sizeof(aucRaw)))) {
        pThis->m_stLast.sX = (SHORT)(aucRaw[0] | (aucRaw[1] << 8));
        pThis->m_stLast.sY = (SHORT)(aucRaw[2] | (aucRaw[3] << 8));
        pThis->m_stLast.sZ = (SHORT)(aucRaw[4] | (aucRaw[5] << 8));
        pThis->m_ulSamples++;
    }
    return TRUE;
}

VOID CAccelDevice::OnSystemPowerChange(BOOLEAN bEnteringSleep)
{
    // consumed by D0Exit path / sensor class extension on next report
    m_bSuspendPending = bEnteringSleep;
}
