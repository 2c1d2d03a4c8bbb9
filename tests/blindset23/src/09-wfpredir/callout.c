/*
 * callout.c - run-time callouts for FWPM_LAYER_ALE_CONNECT_REDIRECT_V4/V6
 */

#include "wfpredir.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, WrRegisterCallouts)
#pragma alloc_text(PAGE, WrUnregisterCallouts)
#endif

//
// Port fields have the same index meaning in the v4 and v6 layers but
// different values, so look them up per layer.
//
static
BOOLEAN
WrMatchesRemotePort(
    _In_ const FWPS_INCOMING_VALUES0 *InFixedValues,
    _In_ USHORT Port
    )
{
    UINT32 index;

    switch (InFixedValues->layerId) {
    case FWPS_LAYER_ALE_CONNECT_REDIRECT_V4:
        index = FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_PORT;
        break;
    case FWPS_LAYER_ALE_CONNECT_REDIRECT_V6:
        index = FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_IP_REMOTE_PORT;
        break;
    default:
        return FALSE;
    }

    return (InFixedValues->incomingValue[index].value.uint16 == Port);
}

static
VOID
WrRewriteDestination(
    _Inout_ FWPS_CONNECT_REQUEST0 *Request,
    _In_ const WR_CONFIG *Config,
    _In_ HANDLE RedirectHandle
    )
{
    SOCKADDR_STORAGE *remote = &Request->remoteAddressAndPort;

    if (remote->ss_family == AF_INET) {
        SOCKADDR_IN *sin = (SOCKADDR_IN *)remote;
        sin->sin_addr.s_addr = RtlUlongByteSwap(INADDR_LOOPBACK);
        sin->sin_port = RtlUshortByteSwap(Config->ProxyPort);
    } else {
        SOCKADDR_IN6 *sin6 = (SOCKADDR_IN6 *)remote;
        RtlZeroMemory(&sin6->sin6_addr, sizeof(sin6->sin6_addr));
        sin6->sin6_addr.u.Byte[15] = 1;                     // ::1
        sin6->sin6_port = RtlUshortByteSwap(Config->ProxyPort);
    }

    Request->localRedirectTargetPID = Config->ProxyProcessId;
    Request->localRedirectHandle = RedirectHandle;
}

static
VOID
NTAPI
WrClassify(
    _In_ const FWPS_INCOMING_VALUES0 *InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    _Inout_opt_ VOID *LayerData,
    _In_opt_ const VOID *ClassifyContext,
    _In_ const FWPS_FILTER *Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *ClassifyOut
    )
{
    PWR_CONTEXT ctx = &g_WrContext;
    FWPS_CONNECT_REQUEST0 *request = NULL;
    FWPS_CONNECTION_REDIRECT_STATE redirectState;
    UINT64 classifyHandle = 0;
    PVOID redirectContext = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(LayerData);
    UNREFERENCED_PARAMETER(FlowContext);

    if ((ClassifyOut->rights & FWPS_RIGHT_ACTION_WRITE) == 0) {
        return;     // a higher-weight filter already decided
    }

    ClassifyOut->actionType = FWP_ACTION_PERMIT;

    if (ClassifyContext == NULL ||
        !WrMatchesRemotePort(InFixedValues, ctx->Config.MatchRemotePort)) {
        return;
    }

    //
    // Never redirect the proxy's own outbound connection (it would loop),
    // and leave connections alone that someone else redirected already.
    //
    if (FWPS_IS_METADATA_FIELD_PRESENT(InMetaValues, FWPS_METADATA_FIELD_REDIRECT_RECORD_HANDLE)) {
        redirectState = FwpsQueryConnectionRedirectState(InMetaValues->redirectRecords,
                                                         ctx->RedirectHandle,
                                                         &redirectContext);
        if (redirectState == FWPS_CONNECTION_REDIRECTED_BY_SELF ||
            redirectState == FWPS_CONNECTION_PREVIOUSLY_REDIRECTED_BY_SELF ||
            redirectState == FWPS_CONNECTION_REDIRECTED_BY_OTHER) {
            InterlockedIncrement64(&ctx->SkippedAlreadyRedirected);
            return;
        }
    }

    if (ctx->Config.ProxyProcessId != 0 &&
        FWPS_IS_METADATA_FIELD_PRESENT(InMetaValues, FWPS_METADATA_FIELD_PROCESS_ID) &&
        InMetaValues->processId == ctx->Config.ProxyProcessId) {
        return;
    }

    status = FwpsAcquireClassifyHandle((PVOID)ClassifyContext, 0, &classifyHandle);
    if (!NT_SUCCESS(status)) {
        WR_ERROR("FwpsAcquireClassifyHandle: 0x%08X", status);
        return;
    }

    status = FwpsAcquireWritableLayerDataPointer(classifyHandle,
                                                 Filter->filterId,
                                                 0,
                                                 (PVOID *)&request,
                                                 ClassifyOut);
    if (NT_SUCCESS(status)) {
        WrRewriteDestination(request, &ctx->Config, ctx->RedirectHandle);
        FwpsApplyModifiedLayerData(classifyHandle, request, 0);
        InterlockedIncrement64(&ctx->Redirected);
    } else {
        WR_ERROR("FwpsAcquireWritableLayerDataPointer: 0x%08X", status);
    }

    FwpsReleaseClassifyHandle(classifyHandle);
}

static
NTSTATUS
NTAPI
WrNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
    _In_ const GUID *FilterKey,
    _Inout_ FWPS_FILTER *Filter
    )
{
    UNREFERENCED_PARAMETER(FilterKey);

    switch (NotifyType) {
    case FWPS_CALLOUT_NOTIFY_ADD_FILTER:
        WR_TRACE("filter %llu attached", Filter->filterId);
        break;
    case FWPS_CALLOUT_NOTIFY_DELETE_FILTER:
        WR_TRACE("filter %llu detached", Filter->filterId);
        break;
    default:
        break;
    }

    return STATUS_SUCCESS;
}

static
VOID
NTAPI
WrFlowDelete(
    _In_ UINT16 LayerId,
    _In_ UINT32 CalloutId,
    _In_ UINT64 FlowContext
    )
{
    // no flow contexts are associated
    UNREFERENCED_PARAMETER(LayerId);
    UNREFERENCED_PARAMETER(CalloutId);
    UNREFERENCED_PARAMETER(FlowContext);
}

static
NTSTATUS
WrRegisterOne(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ const GUID *CalloutKey,
    _Out_ UINT32 *CalloutId
    )
{
    FWPS_CALLOUT callout;

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = *CalloutKey;
    callout.flags = 0;
    callout.classifyFn = WrClassify;
    callout.notifyFn = WrNotify;
    callout.flowDeleteFn = WrFlowDelete;

    return FwpsCalloutRegister(DeviceObject, &callout, CalloutId);
}

_Use_decl_annotations_
NTSTATUS
WrRegisterCallouts(
    PWR_CONTEXT Ctx
    )
{
    NTSTATUS status;

    PAGED_CODE();

    status = WrRegisterOne(Ctx->DeviceObject, &WFPREDIR_CALLOUT_V4_KEY, &Ctx->CalloutIdV4);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    Ctx->State |= WR_STATE_CALLOUT_V4;

    if (Ctx->Config.EnableIpv6) {
        //
        // If this fails the v4 bit is already set, so the caller's
        // teardown unregisters the v4 callout.
        //
        status = WrRegisterOne(Ctx->DeviceObject, &WFPREDIR_CALLOUT_V6_KEY, &Ctx->CalloutIdV6);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        Ctx->State |= WR_STATE_CALLOUT_V6;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
WrUnregisterCallouts(
    PWR_CONTEXT Ctx
    )
{
    NTSTATUS status = STATUS_SUCCESS;

    PAGED_CODE();

    if (Ctx->State & WR_STATE_CALLOUT_V6) {
        status = FwpsCalloutUnregisterById(Ctx->CalloutIdV6);
        NT_ASSERT(NT_SUCCESS(status));
        Ctx->State &= ~WR_STATE_CALLOUT_V6;
    }

    if (Ctx->State & WR_STATE_CALLOUT_V4) {
        status = FwpsCalloutUnregisterById(Ctx->CalloutIdV4);
        NT_ASSERT(NT_SUCCESS(status));
        Ctx->State &= ~WR_STATE_CALLOUT_V4;
    }

    UNREFERENCED_PARAMETER(status);
}
