/*++

Module Name:
    common.cpp

Abstract:
    Implementation of CAdapterCommon.

--*/
#include "common.h"

#define VAUDIO_LOOPBACK_BYTES   (48000 * 2 * 2)     // one second of 48k/16/stereo

#pragma code_seg("PAGE")
NTSTATUS
NewAdapterCommon(
    _Out_ PUNKNOWN *Unknown,
    _In_ REFCLSID RefClsId,
    _In_opt_ PUNKNOWN UnknownOuter,
    _In_ POOL_TYPE PoolType
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(RefClsId);

    ASSERT(Unknown);

    CAdapterCommon *p = new(PoolType, VAUDIO_POOLTAG) CAdapterCommon(UnknownOuter);
    if (p == NULL) {
        *Unknown = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    *Unknown = PUNKNOWN((PADAPTERCOMMON)p);
    (*Unknown)->AddRef();
    return STATUS_SUCCESS;
}

CAdapterCommon::~CAdapterCommon()
{
    PAGED_CODE();

    if (m_Loopback) {
        ExFreePoolWithTag(m_Loopback, VAUDIO_POOLTAG);
        m_Loopback = NULL;
    }
    SAFE_RELEASE(m_WaveServiceGroup);
}

STDMETHODIMP
CAdapterCommon::NonDelegatingQueryInterface(
    _In_ REFIID Interface,
    _COM_Outptr_ PVOID *Object
    )
{
    PAGED_CODE();

    if (IsEqualGUIDAligned(Interface, IID_IUnknown)) {
        *Object = PVOID(PUNKNOWN(PADAPTERCOMMON(this)));
    } else if (IsEqualGUIDAligned(Interface, IID_IAdapterCommon)) {
        *Object = PVOID(PADAPTERCOMMON(this));
    } else {
        *Object = NULL;
        return STATUS_INVALID_PARAMETER;
    }

    PUNKNOWN(*Object)->AddRef();
    return STATUS_SUCCESS;
}

STDMETHODIMP_(NTSTATUS)
CAdapterCommon::Init(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    PAGED_CODE();

    m_DeviceObject = DeviceObject;
    KeInitializeSpinLock(&m_Lock);


    m_LoopbackSize = g_LoopbackEnabled ? VAUDIO_LOOPBACK_BYTES : 0;
    if (m_LoopbackSize != 0) {
        m_Loopback = (PBYTE)ExAllocatePool2(POOL_FLAG_NON_PAGED, m_LoopbackSize, VAUDIO_POOLTAG);
        if (m_Loopback == NULL) {
            m_LoopbackSize = 0;
            return STATUS_INSUFFICIENT_RESOURCES;
        }
    }
    m_LoopbackHead = 0;
    m_LoopbackFill = 0;

    return STATUS_SUCCESS;
}

STDMETHODIMP_(PDEVICE_OBJECT)
CAdapterCommon::GetDeviceObject(void)
{
    return m_DeviceObject;
}

STDMETHODIMP_(VOID)
CAdapterCommon::SetWaveServiceGroup(
    _In_ PSERVICEGROUP ServiceGroup
    )
{
    PAGED_CODE();

    SAFE_RELEASE(m_WaveServiceGroup);
    m_WaveServiceGroup = ServiceGroup;
    if (m_WaveServiceGroup) {
        m_WaveServiceGroup->AddRef();
    }
}

#pragma code_seg()

STDMETHODIMP_(VOID)
CAdapterCommon::LoopbackWrite(
    _In_reads_bytes_(Length) const BYTE *Data,
    _In_ ULONG Length
    )
{
    KIRQL irql;

    if (m_Loopback == NULL || Length == 0) {
        return;
    }

    KeAcquireSpinLock(&m_Lock, &irql);
    while (Length != 0) {
        ULONG chunk = min(Length, m_LoopbackSize - m_LoopbackHead);
        RtlCopyMemory(m_Loopback + m_LoopbackHead, Data, chunk);
        m_LoopbackHead = (m_LoopbackHead + chunk) % m_LoopbackSize;
        m_LoopbackFill = min(m_LoopbackFill + chunk, m_LoopbackSize);
        Data += chunk;
        Length -= chunk;
    }
    KeReleaseSpinLock(&m_Lock, irql);
}
