/*++

Module Name:
    minwave.cpp

Abstract:
    WaveCyclic render miniport. Rendered data is not sent anywhere; a timer
    drains the cyclic buffer into the adapter's loopback ring so a capture
    client can read it back.

--*/
#include "definitions.h"
#include "common.h"

#define VAUDIO_DMA_BUFFER_SIZE  (64 * 1024)

class CMiniportWaveCyclicVAudio : public IMiniportWaveCyclic, public CUnknown
{
private:
    PADAPTERCOMMON      m_AdapterCommon;
    PPORTWAVECYCLIC     m_Port;
    PSERVICEGROUP       m_ServiceGroup;
    PDMACHANNEL         m_DmaChannel;
    BOOLEAN             m_StreamOpen;

public:
    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CMiniportWaveCyclicVAudio);
    ~CMiniportWaveCyclicVAudio();

    IMP_IMiniportWaveCyclic;

    friend class CStreamVAudio;
};

class CStreamVAudio : public IMiniportWaveCyclicStream, public CUnknown
{
private:
    CMiniportWaveCyclicVAudio  *m_Miniport;
    PDMACHANNEL                 m_DmaChannel;
    KSSTATE                     m_State;
    ULONG                       m_BytesPerSecond;
    ULONG                       m_Position;
    ULONGLONG                   m_StartTime;
    KTIMER                      m_Timer;
    KDPC                        m_Dpc;
    BOOLEAN                     m_TimerArmed;

    static KDEFERRED_ROUTINE    TimerDpc;

public:
    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CStreamVAudio);
    ~CStreamVAudio();

    IMP_IMiniportWaveCyclicStream;

    NTSTATUS Init(_In_ CMiniportWaveCyclicVAudio *Miniport, _In_ PDMACHANNEL DmaChannel,
                  _In_ PKSDATAFORMAT DataFormat);
};

static KSDATARANGE_AUDIO PinDataRangesStream[] = {
    {
        {
            sizeof(KSDATARANGE_AUDIO), 0, 0, 0,
            STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
            STATICGUIDOF(KSDATAFORMAT_SUBTYPE_PCM),
            STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)
        },
        VAUDIO_MAX_CHANNELS,
        VAUDIO_MIN_BITS,
        VAUDIO_MAX_BITS,
        VAUDIO_MIN_RATE,
        VAUDIO_MAX_RATE
    }
};

static PKSDATARANGE PinDataRangePointersStream[] = {
    PKSDATARANGE(&PinDataRangesStream[0])
};

static KSDATARANGE PinDataRangesBridge[] = {
    {
        sizeof(KSDATARANGE), 0, 0, 0,
        STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
        STATICGUIDOF(KSDATAFORMAT_SUBTYPE_ANALOG),
        STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE)
    }
};

static PKSDATARANGE PinDataRangePointersBridge[] = {
    &PinDataRangesBridge[0]
};

static PCPIN_DESCRIPTOR WaveMiniportPins[] = {
    // KSPIN_WAVE_RENDER_SINK
    {
        1, 1, 0, NULL,
        {
            0, NULL, 0, NULL,
            SIZEOF_ARRAY(PinDataRangePointersStream), PinDataRangePointersStream,
            KSPIN_DATAFLOW_IN, KSPIN_COMMUNICATION_SINK,
            &KSCATEGORY_AUDIO, NULL, 0
        }
    },
    // KSPIN_WAVE_RENDER_SOURCE
    {
        0, 0, 0, NULL,
        {
            0, NULL, 0, NULL,
            SIZEOF_ARRAY(PinDataRangePointersBridge), PinDataRangePointersBridge,
            KSPIN_DATAFLOW_OUT, KSPIN_COMMUNICATION_NONE,
            &KSCATEGORY_AUDIO, NULL, 0
        }
    }
};

static PCNODE_DESCRIPTOR WaveMiniportNodes[] = {
    { 0, NULL, &KSNODETYPE_DAC, NULL }
};

static PCCONNECTION_DESCRIPTOR WaveMiniportConnections[] = {
    { PCFILTER_NODE, KSPIN_WAVE_RENDER_SINK, 0,             1 },
    { 0,             0,                      PCFILTER_NODE, KSPIN_WAVE_RENDER_SOURCE },
};

static PCFILTER_DESCRIPTOR WaveMiniportFilterDescriptor = {
    0, NULL,
    sizeof(PCPIN_DESCRIPTOR), SIZEOF_ARRAY(WaveMiniportPins), WaveMiniportPins,
    sizeof(PCNODE_DESCRIPTOR), SIZEOF_ARRAY(WaveMiniportNodes), WaveMiniportNodes,
    SIZEOF_ARRAY(WaveMiniportConnections), WaveMiniportConnections,
    0, NULL
};

#pragma code_seg("PAGE")

NTSTATUS
CreateMiniportWaveCyclicVAudio(
    _Out_ PUNKNOWN *Unknown,
    _In_ REFCLSID RefClsId,
    _In_opt_ PUNKNOWN UnknownOuter,
    _In_ POOL_TYPE PoolType
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(RefClsId);

    CMiniportWaveCyclicVAudio *obj = new(PoolType, VAUDIO_POOLTAG) CMiniportWaveCyclicVAudio(UnknownOuter);
    if (obj == NULL) {
        *Unknown = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    *Unknown = PUNKNOWN((PMINIPORTWAVECYCLIC)obj);
    (*Unknown)->AddRef();
    return STATUS_SUCCESS;
}

CMiniportWaveCyclicVAudio::~CMiniportWaveCyclicVAudio()
{
    PAGED_CODE();
    SAFE_RELEASE(m_DmaChannel);
    SAFE_RELEASE(m_ServiceGroup);
    SAFE_RELEASE(m_AdapterCommon);
    SAFE_RELEASE(m_Port);
}

STDMETHODIMP
CMiniportWaveCyclicVAudio::NonDelegatingQueryInterface(
    _In_ REFIID Interface,
    _COM_Outptr_ PVOID *Object
    )
{
    PAGED_CODE();

    if (IsEqualGUIDAligned(Interface, IID_IUnknown)) {
        *Object = PVOID(PUNKNOWN(PMINIPORTWAVECYCLIC(this)));
    } else if (IsEqualGUIDAligned(Interface, IID_IMiniport)) {
        *Object = PVOID(PMINIPORT(this));
    } else if (IsEqualGUIDAligned(Interface, IID_IMiniportWaveCyclic)) {
        *Object = PVOID(PMINIPORTWAVECYCLIC(this));
    } else {
        *Object = NULL;
        return STATUS_INVALID_PARAMETER;
    }

    PUNKNOWN(*Object)->AddRef();
    return STATUS_SUCCESS;
}

STDMETHODIMP
CMiniportWaveCyclicVAudio::Init(
    _In_ PUNKNOWN UnknownAdapter,
    _In_ PRESOURCELIST ResourceList,
    _In_ PPORTWAVECYCLIC Port
    )
{
    NTSTATUS ntStatus;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ResourceList);

    m_Port = Port;
    m_Port->AddRef();

    ntStatus = UnknownAdapter->QueryInterface(IID_IAdapterCommon, (PVOID *)&m_AdapterCommon);
    IF_FAILED_JUMP(ntStatus, Exit);

    ntStatus = PcNewServiceGroup(&m_ServiceGroup, NULL);
    IF_FAILED_JUMP(ntStatus, Exit);

    m_AdapterCommon->SetWaveServiceGroup(m_ServiceGroup);

    ntStatus = m_Port->NewMasterDmaChannel(&m_DmaChannel,
                                           NULL,
                                           NULL,
                                           VAUDIO_DMA_BUFFER_SIZE,
                                           TRUE,
                                           FALSE,
                                           (DMA_WIDTH)(-1),
                                           (DMA_SPEED)(-1));
    IF_FAILED_JUMP(ntStatus, Exit);

    ntStatus = m_DmaChannel->AllocateBuffer(VAUDIO_DMA_BUFFER_SIZE, NULL);

Exit:
    return ntStatus;
}

STDMETHODIMP
CMiniportWaveCyclicVAudio::GetDescription(
    _Out_ PPCFILTER_DESCRIPTOR *OutFilterDescriptor
    )
{
    PAGED_CODE();
    *OutFilterDescriptor = &WaveMiniportFilterDescriptor;
    return STATUS_SUCCESS;
}

STDMETHODIMP
CMiniportWaveCyclicVAudio::DataRangeIntersection(
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
    return STATUS_NOT_IMPLEMENTED;
}

STDMETHODIMP
CMiniportWaveCyclicVAudio::NewStream(
    _Out_ PMINIPORTWAVECYCLICSTREAM *OutStream,
    _In_opt_ PUNKNOWN OuterUnknown,
    _In_ POOL_TYPE PoolType,
    _In_ ULONG Pin,
    _In_ BOOLEAN Capture,
    _In_ PKSDATAFORMAT DataFormat,
    _Out_ PDMACHANNEL *OutDmaChannel,
    _Out_ PSERVICEGROUP *OutServiceGroup
    )
{
    CStreamVAudio *stream;
    NTSTATUS ntStatus;

    PAGED_CODE();

    if (Capture || Pin != KSPIN_WAVE_RENDER_SINK) {
        return STATUS_INVALID_PARAMETER;
    }
    if (m_StreamOpen) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    stream = new(PoolType, VAUDIO_POOLTAG) CStreamVAudio(OuterUnknown);
    if (stream == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    stream->AddRef();

    ntStatus = stream->Init(this, m_DmaChannel, DataFormat);
    if (!NT_SUCCESS(ntStatus)) {
        stream->Release();
        return ntStatus;
    }

    m_StreamOpen = TRUE;

    *OutStream = PMINIPORTWAVECYCLICSTREAM(stream);
    *OutDmaChannel = m_DmaChannel;
    m_DmaChannel->AddRef();
    *OutServiceGroup = m_ServiceGroup;
    m_ServiceGroup->AddRef();
    return STATUS_SUCCESS;
}

NTSTATUS
CStreamVAudio::Init(
    _In_ CMiniportWaveCyclicVAudio *Miniport,
    _In_ PDMACHANNEL DmaChannel,
    _In_ PKSDATAFORMAT DataFormat
    )
{
    PAGED_CODE();

    m_Miniport = Miniport;
    m_Miniport->AddRef();
    m_DmaChannel = DmaChannel;
    m_DmaChannel->AddRef();
    m_State = KSSTATE_STOP;
    m_Position = 0;

    KeInitializeTimerEx(&m_Timer, NotificationTimer);
    KeInitializeDpc(&m_Dpc, TimerDpc, this);
    m_TimerArmed = FALSE;

    return SetFormat(DataFormat);
}

CStreamVAudio::~CStreamVAudio()
{
    PAGED_CODE();

    if (m_TimerArmed) {
        KeCancelTimer(&m_Timer);
        KeFlushQueuedDpcs();
        m_TimerArmed = FALSE;
    }
    if (m_Miniport) {
        m_Miniport->m_StreamOpen = FALSE;
    }
    SAFE_RELEASE(m_DmaChannel);
    SAFE_RELEASE(m_Miniport);
}

STDMETHODIMP
CStreamVAudio::NonDelegatingQueryInterface(
    _In_ REFIID Interface,
    _COM_Outptr_ PVOID *Object
    )
{
    PAGED_CODE();

    if (IsEqualGUIDAligned(Interface, IID_IUnknown) ||
        IsEqualGUIDAligned(Interface, IID_IMiniportWaveCyclicStream)) {
        *Object = PVOID(PMINIPORTWAVECYCLICSTREAM(this));
        PUNKNOWN(*Object)->AddRef();
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

STDMETHODIMP
CStreamVAudio::SetFormat(
    _In_ PKSDATAFORMAT Format
    )
{
    PWAVEFORMATEX wfx;

    PAGED_CODE();

    if (Format->FormatSize < sizeof(KSDATAFORMAT_WAVEFORMATEX)) {
        return STATUS_INVALID_PARAMETER;
    }
    wfx = &((PKSDATAFORMAT_WAVEFORMATEX)Format)->WaveFormatEx;
    if (wfx->nChannels < VAUDIO_MIN_CHANNELS || wfx->nChannels > VAUDIO_MAX_CHANNELS ||
        wfx->wBitsPerSample != 16 ||
        wfx->nSamplesPerSec < VAUDIO_MIN_RATE || wfx->nSamplesPerSec > VAUDIO_MAX_RATE) {
        return STATUS_INVALID_PARAMETER;
    }
    m_BytesPerSecond = wfx->nAvgBytesPerSec;
    return STATUS_SUCCESS;
}

STDMETHODIMP_(ULONG)
CStreamVAudio::SetNotificationFreq(
    _In_ ULONG Interval,
    _Out_ PULONG FramingSize
    )
{
    PAGED_CODE();
    *FramingSize = (m_BytesPerSecond * Interval) / 1000;
    return Interval;
}

#pragma code_seg()

STDMETHODIMP
CStreamVAudio::SetState(
    _In_ KSSTATE NewState
    )
{
    LARGE_INTEGER due;

    if (NewState == KSSTATE_RUN && m_State != KSSTATE_RUN) {
        m_StartTime = KeQueryInterruptTime();
        due.QuadPart = -100000;     // 10 ms
        KeSetTimerEx(&m_Timer, due, 10, &m_Dpc);
        m_TimerArmed = TRUE;
    } else if (NewState != KSSTATE_RUN && m_TimerArmed) {
        KeCancelTimer(&m_Timer);
        m_TimerArmed = FALSE;
    }
    if (NewState == KSSTATE_STOP) {
        m_Position = 0;
    }
    m_State = NewState;
    return STATUS_SUCCESS;
}

STDMETHODIMP
CStreamVAudio::GetPosition(
    _Out_ PULONG Position
    )
{
    *Position = m_Position;
    return STATUS_SUCCESS;
}

STDMETHODIMP
CStreamVAudio::NormalizePhysicalPosition(
    _Inout_ PLONGLONG PhysicalPosition
    )
{
    if (m_BytesPerSecond != 0) {
        *PhysicalPosition = (_100NS_UNITS_PER_SECOND / m_BytesPerSecond) * *PhysicalPosition;
    }
    return STATUS_SUCCESS;
}

STDMETHODIMP_(void)
CStreamVAudio::Silence(
    _Out_writes_bytes_all_(ByteCount) PVOID Buffer,
    _In_ ULONG ByteCount
    )
{
    RtlFillMemory(Buffer, ByteCount, 0);
}

VOID
CStreamVAudio::TimerDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    CStreamVAudio *stream = (CStreamVAudio *)DeferredContext;
    ULONG size = stream->m_DmaChannel->BufferSize();
    PBYTE buffer = (PBYTE)stream->m_DmaChannel->SystemAddress();
    ULONG bytes = stream->m_BytesPerSecond / 100;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    while (bytes != 0 && size != 0) {
        ULONG chunk = min(bytes, size - stream->m_Position);
        stream->m_Miniport->m_AdapterCommon->LoopbackWrite(buffer + stream->m_Position, chunk);
        stream->m_Position = (stream->m_Position + chunk) % size;
        bytes -= chunk;
    }

    if (stream->m_Miniport->m_ServiceGroup) {
        stream->m_Miniport->m_ServiceGroup->RequestService();
    }
}
