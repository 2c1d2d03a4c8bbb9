/*++

Module Name:
    common.h

Abstract:
    CAdapterCommon: state shared by the VAudio miniports (the loopback
    buffer and the wave service group).

--*/
#pragma once

#include "definitions.h"

DEFINE_GUID(IID_IAdapterCommon,
    0x7eda2950, 0xbf9f, 0x11d0, 0x87, 0x1f, 0x00, 0xa0, 0xc9, 0x11, 0xb5, 0x44);

DECLARE_INTERFACE_(IAdapterCommon, IUnknown)
{
    DEFINE_ABSTRACT_UNKNOWN()

    STDMETHOD_(NTSTATUS, Init)(THIS_ _In_ PDEVICE_OBJECT DeviceObject) PURE;
    STDMETHOD_(PDEVICE_OBJECT, GetDeviceObject)(THIS) PURE;
    STDMETHOD_(VOID, SetWaveServiceGroup)(THIS_ _In_ PSERVICEGROUP ServiceGroup) PURE;


    STDMETHOD_(VOID, LoopbackWrite)(THIS_ _In_reads_bytes_(Length) const BYTE *Data, _In_ ULONG Length) PURE;
};
typedef IAdapterCommon *PADAPTERCOMMON;

NTSTATUS
NewAdapterCommon(
    _Out_ PUNKNOWN *Unknown,
    _In_ REFCLSID RefClsId,
    _In_opt_ PUNKNOWN UnknownOuter,
    _In_ POOL_TYPE PoolType
    );

class CAdapterCommon : public IAdapterCommon, public CUnknown
{
private:
    PDEVICE_OBJECT  m_DeviceObject;
    PSERVICEGROUP   m_WaveServiceGroup;
    KSPIN_LOCK      m_Lock;

    PBYTE           m_Loopback;
    ULONG           m_LoopbackSize;
    ULONG           m_LoopbackHead;
    ULONG           m_LoopbackFill;

public:
    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CAdapterCommon);
    ~CAdapterCommon();

    STDMETHODIMP_(NTSTATUS) Init(_In_ PDEVICE_OBJECT DeviceObject);
    STDMETHODIMP_(PDEVICE_OBJECT) GetDeviceObject(void);
    STDMETHODIMP_(VOID) SetWaveServiceGroup(_In_ PSERVICEGROUP ServiceGroup);


    STDMETHODIMP_(VOID) LoopbackWrite(_In_reads_bytes_(Length) const BYTE *Data, _In_ ULONG Length);
};
