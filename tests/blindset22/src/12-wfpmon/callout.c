/*++

Module Name:

    callout.c

Abstract:

    Runtime callouts (FwpsCalloutRegister1) and their classify functions.

    PwRegisterCallouts is all-or-nothing: if the second registration fails
    the first is unregistered again before returning, so the caller only has
    to remember a single "callouts registered" bit.

Environment:

    Kernel mode

--*/

#include "wfpmon.h"

static void NTAPI
PwClassifyConnectV4(
    _In_ const FWPS_INCOMING_VALUES0 *InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    _Inout_opt_ void *LayerData,
    _In_opt_ const void *ClassifyContext,
    _In_ const FWPS_FILTER1 *Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *ClassifyOut
    );

static void NTAPI
PwClassifyConnectV6(
    _In_ const FWPS_INCOMING_VALUES0 *InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    _Inout_opt_ void *LayerData,
    _In_opt_ const void *ClassifyContext,
    _In_ const FWPS_FILTER1 *Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *ClassifyOut
    );

static NTSTATUS NTAPI
PwNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
    _In_ const GUID *FilterKey,
    _Inout_ FWPS_FILTER1 *Filter
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, PwRegisterCallouts)
#pragma alloc_text(PAGE, PwUnregisterCallouts)
#endif

static BOOLEAN
PwIsPortBlocked(
    _In_ USHORT RemotePort
    )
{
    ULONG i;

    for (i = 0; i < PwGlobals.BlockedCount; i++) {
        if (PwGlobals.BlockedPorts[i] == RemotePort) {
            return TRUE;
        }
    }
    return FALSE;
}

static VOID
PwDecide(
    _In_ USHORT RemotePort,
    _Inout_ FWPS_CLASSIFY_OUT0 *ClassifyOut
    )
{
    //
    // Someone above us already made a hard decision we may not override.
    //
    if (!FlagOn(ClassifyOut->rights, FWPS_RIGHT_ACTION_WRITE)) {
        return;
    }

    InterlockedIncrement64(&PwGlobals.Seen);

    if (PwIsPortBlocked(RemotePort)) {
        InterlockedIncrement64(&PwGlobals.Blocked);
        ClassifyOut->actionType = FWP_ACTION_BLOCK;
        ClearFlag(ClassifyOut->rights, FWPS_RIGHT_ACTION_WRITE);
        return;
    }

    // not ours to judge: let lower-weight filters decide
    ClassifyOut->actionType = FWP_ACTION_CONTINUE;
}

static void NTAPI
PwClassifyConnectV4(
    const FWPS_INCOMING_VALUES0 *InFixedValues,
    const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    void *LayerData,
    const void *ClassifyContext,
    const FWPS_FILTER1 *Filter,
    UINT64 FlowContext,
    FWPS_CLASSIFY_OUT0 *ClassifyOut
    )
{
    USHORT port;

    UNREFERENCED_PARAMETER(InMetaValues);
    UNREFERENCED_PARAMETER(LayerData);
    UNREFERENCED_PARAMETER(ClassifyContext);
    UNREFERENCED_PARAMETER(Filter);
    UNREFERENCED_PARAMETER(FlowContext);

    port = InFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    PwDecide(port, ClassifyOut);
}

static void NTAPI
PwClassifyConnectV6(
    const FWPS_INCOMING_VALUES0 *InFixedValues,
    const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    void *LayerData,
    const void *ClassifyContext,
    const FWPS_FILTER1 *Filter,
    UINT64 FlowContext,
    FWPS_CLASSIFY_OUT0 *ClassifyOut
    )
{
    USHORT port;

    UNREFERENCED_PARAMETER(InMetaValues);
    UNREFERENCED_PARAMETER(LayerData);
    UNREFERENCED_PARAMETER(ClassifyContext);
    UNREFERENCED_PARAMETER(Filter);
    UNREFERENCED_PARAMETER(FlowContext);

    port = InFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V6_IP_REMOTE_PORT].value.uint16;
    PwDecide(port, ClassifyOut);
}

static NTSTATUS NTAPI
PwNotify(
    FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
    const GUID *FilterKey,
    FWPS_FILTER1 *Filter
    )
{
    UNREFERENCED_PARAMETER(FilterKey);

    switch (NotifyType) {
    case FWPS_CALLOUT_NOTIFY_ADD_FILTER:
        PW_LOG("filter %I64u now uses our callout", Filter->filterId);
        break;
    case FWPS_CALLOUT_NOTIFY_DELETE_FILTER:
        PW_LOG("filter %I64u removed", Filter->filterId);
        break;
    default:
        break;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS
PwRegisterOne(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ const GUID *Key,
    _In_ FWPS_CALLOUT_CLASSIFY_FN1 ClassifyFn,
    _Out_ UINT32 *CalloutId
    )
{
    FWPS_CALLOUT1 callout;

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = *Key;
    callout.flags = 0;
    callout.classifyFn = ClassifyFn;
    callout.notifyFn = PwNotify;
    callout.flowDeleteFn = NULL;        // no flow contexts

    *CalloutId = 0;
    return FwpsCalloutRegister1(DeviceObject, &callout, CalloutId);
}

_Use_decl_annotations_
NTSTATUS
PwRegisterCallouts(
    PPW_GLOBALS Globals
    )
{
    NTSTATUS status;

    status = PwRegisterOne(Globals->DeviceObject, &PW_CALLOUT_CONNECT_V4,
                           PwClassifyConnectV4, &Globals->CalloutIdV4);
    if (!NT_SUCCESS(status)) {
        PW_ERR("FwpsCalloutRegister1(v4) 0x%08X", status);
        return status;
    }

    status = PwRegisterOne(Globals->DeviceObject, &PW_CALLOUT_CONNECT_V6,
                           PwClassifyConnectV6, &Globals->CalloutIdV6);
    if (!NT_SUCCESS(status)) {
        PW_ERR("FwpsCalloutRegister1(v6) 0x%08X", status);

        //
        // No filter references the v4 callout yet (BFE objects come later),
        // so this cannot be held up by in-flight classifies with flow
        // contexts.
        //
        (VOID)FwpsCalloutUnregisterById0(Globals->CalloutIdV4);
        Globals->CalloutIdV4 = 0;
        return status;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
PwUnregisterCallouts(
    PPW_GLOBALS Globals
    )
{
    NTSTATUS status;

    PAGED_CODE();

    //
    // We never associate flow contexts, so STATUS_DEVICE_BUSY is not
    // expected; log anything unusual.
    //
    status = FwpsCalloutUnregisterById0(Globals->CalloutIdV6);
    if (!NT_SUCCESS(status)) {
        PW_ERR("unregister v6 0x%08X", status);
    }
    Globals->CalloutIdV6 = 0;

    status = FwpsCalloutUnregisterById0(Globals->CalloutIdV4);
    if (!NT_SUCCESS(status)) {
        PW_ERR("unregister v4 0x%08X", status);
    }
    Globals->CalloutIdV4 = 0;
}
