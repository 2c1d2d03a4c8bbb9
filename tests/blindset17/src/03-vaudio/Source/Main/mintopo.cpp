/*++

Module Name:
    mintopo.cpp

Abstract:
    Topology miniport: one render path (wave out -> volume -> mute -> line out).

--*/
#include "definitions.h"
#include "common.h"

class CMiniportTopologyVAudio : public IMiniportTopology, public CUnknown
{
private:
    PADAPTERCOMMON  m_AdapterCommon;
    PPORTTOPOLOGY   m_Port;

public:
    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CMiniportTopologyVAudio);
    ~CMiniportTopologyVAudio();

    IMP_IMiniportTopology;
};

static KSDATARANGE TopoPinDataRangesBridge[] = {
    {
        sizeof(KSDATARANGE),
        0, 0, 0,
        STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
        STATICGUIDOF(KSDATAFORMAT_SUBTYPE_ANALOG),
        STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE)
    }
};

static PKSDATARANGE TopoPinDataRangePointersBridge[] = {
    &TopoPinDataRangesBridge[0]
};

static PCPIN_DESCRIPTOR TopoMiniportPins[] = {
    // KSPIN_TOPO_WAVEOUT_SOURCE
    {
        0, 0, 0, NULL,
        {
            0, NULL, 0, NULL,
            SIZEOF_ARRAY(TopoPinDataRangePointersBridge),
            TopoPinDataRangePointersBridge,
            KSPIN_DATAFLOW_IN,
            KSPIN_COMMUNICATION_NONE,
            &KSCATEGORY_AUDIO,
            NULL,
            0
        }
    },
    // KSPIN_TOPO_LINEOUT_DEST
    {
        0, 0, 0, NULL,
        {
            0, NULL, 0, NULL,
            SIZEOF_ARRAY(TopoPinDataRangePointersBridge),
            TopoPinDataRangePointersBridge,
            KSPIN_DATAFLOW_OUT,
            KSPIN_COMMUNICATION_NONE,
            &KSNODETYPE_SPEAKER,
            NULL,
            0
        }
    }
};

static PCNODE_DESCRIPTOR TopologyNodes[] = {
    { 0, NULL,            &KSNODETYPE_VOLUME, NULL },     // KSNODE_TOPO_VOLUME
    { 0, NULL,            &KSNODETYPE_MUTE,   NULL },     // KSNODE_TOPO_MUTE
};

static PCCONNECTION_DESCRIPTOR MiniportConnections[] = {
    { PCFILTER_NODE,      KSPIN_TOPO_WAVEOUT_SOURCE, KSNODE_TOPO_VOLUME, 1 },
    { KSNODE_TOPO_VOLUME, 0,                         KSNODE_TOPO_MUTE,   1 },
    { KSNODE_TOPO_MUTE,   0,                         PCFILTER_NODE,      KSPIN_TOPO_LINEOUT_DEST },
};

static PCFILTER_DESCRIPTOR MiniportFilterDescriptor = {
    0,
    NULL,
    sizeof(PCPIN_DESCRIPTOR),
    SIZEOF_ARRAY(TopoMiniportPins),
    TopoMiniportPins,
    sizeof(PCNODE_DESCRIPTOR),
    SIZEOF_ARRAY(TopologyNodes),
    TopologyNodes,
    SIZEOF_ARRAY(MiniportConnections),
    MiniportConnections,
    0,
    NULL
};

#pragma code_seg("PAGE")

NTSTATUS
CreateMiniportTopologyVAudio(
    _Out_ PUNKNOWN *Unknown,
    _In_ REFCLSID RefClsId,
    _In_opt_ PUNKNOWN UnknownOuter,
    _In_ POOL_TYPE PoolType
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(RefClsId);

    CMiniportTopologyVAudio *obj = new(PoolType, VAUDIO_POOLTAG) CMiniportTopologyVAudio(UnknownOuter);
    if (obj == NULL) {
        *Unknown = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    *Unknown = PUNKNOWN((PMINIPORTTOPOLOGY)obj);
    (*Unknown)->AddRef();
    return STATUS_SUCCESS;
}

CMiniportTopologyVAudio::~CMiniportTopologyVAudio()
{
    PAGED_CODE();
    SAFE_RELEASE(m_AdapterCommon);
    SAFE_RELEASE(m_Port);
}

STDMETHODIMP
CMiniportTopologyVAudio::NonDelegatingQueryInterface(
    _In_ REFIID Interface,
    _COM_Outptr_ PVOID *Object
    )
{
    PAGED_CODE();

    if (IsEqualGUIDAligned(Interface, IID_IUnknown)) {
        *Object = PVOID(PUNKNOWN(PMINIPORTTOPOLOGY(this)));
    } else if (IsEqualGUIDAligned(Interface, IID_IMiniport)) {
        *Object = PVOID(PMINIPORT(this));
    } else if (IsEqualGUIDAligned(Interface, IID_IMiniportTopology)) {
        *Object = PVOID(PMINIPORTTOPOLOGY(this));
    } else {
        *Object = NULL;
        return STATUS_INVALID_PARAMETER;
    }

    PUNKNOWN(*Object)->AddRef();
    return STATUS_SUCCESS;
}

STDMETHODIMP
CMiniportTopologyVAudio::Init(
    _In_ PUNKNOWN UnknownAdapter,
    _In_ PRESOURCELIST ResourceList,
    _In_ PPORTTOPOLOGY Port
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(ResourceList);

    m_Port = Port;
    m_Port->AddRef();

    return UnknownAdapter->QueryInterface(IID_IAdapterCommon, (PVOID *)&m_AdapterCommon);
}

STDMETHODIMP
CMiniportTopologyVAudio::GetDescription(
    _Out_ PPCFILTER_DESCRIPTOR *OutFilterDescriptor
    )
{
    PAGED_CODE();
    *OutFilterDescriptor = &MiniportFilterDescriptor;
    return STATUS_SUCCESS;
}

STDMETHODIMP
CMiniportTopologyVAudio::DataRangeIntersection(
    _In_ ULONG PinId,
    _In_ PKSDATARANGE ClientDataRange,
    _In_ PKSDATARANGE MyDataRange,
    _In_ ULONG OutputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ResultantFormatLength) PVOID ResultantFormat,
    _Out_ PULONG ResultantFormatLength
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(PinId);
    UNREFERENCED_PARAMETER(ClientDataRange);
    UNREFERENCED_PARAMETER(MyDataRange);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(ResultantFormat);
    UNREFERENCED_PARAMETER(ResultantFormatLength);

    return STATUS_NOT_IMPLEMENTED;      // let the port use the default
}

#pragma code_seg()
