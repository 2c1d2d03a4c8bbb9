#include "WfpGuard.h"

HANDLE Engine::s_Handle = nullptr;
HANDLE Injector::s_Handle = nullptr;

NTSTATUS
Injector::Create()
{
    NTSTATUS status = FwpsInjectionHandleCreate0(AF_INET, FWPS_INJECTION_TYPE_TRANSPORT, &s_Handle);
    if (!NT_SUCCESS(status)) {
        s_Handle = nullptr;
    }
    return status;
}

void
Injector::Destroy()
{
    if (s_Handle != nullptr) {
        // waits for pending injections to complete
        FwpsInjectionHandleDestroy0(s_Handle);
        s_Handle = nullptr;
    }
}

NTSTATUS
Engine::Open()
{
    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    NTSTATUS status = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, &s_Handle);
    if (!NT_SUCCESS(status)) {
        s_Handle = nullptr;
    }
    return status;
}

void
Engine::Close()
{
    if (s_Handle != nullptr) {
        FwpmEngineClose0(s_Handle);
        s_Handle = nullptr;
    }
}

//
// Sublayer, one management callout and one filter per table entry, all in
// a single transaction so a failure leaves nothing behind in BFE.
//
NTSTATUS
Engine::AddObjects()
{
    NTSTATUS status = FwpmTransactionBegin0(s_Handle, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    FWPM_SUBLAYER0 subLayer = {};
    subLayer.subLayerKey = WG_SUBLAYER;
    subLayer.displayData.name = const_cast<wchar_t*>(L"WfpGuard");
    subLayer.displayData.description = const_cast<wchar_t*>(L"WfpGuard port blocklist");
    subLayer.weight = 0x8000;

    status = FwpmSubLayerAdd0(s_Handle, &subLayer, nullptr);

    for (ULONG i = 0; NT_SUCCESS(status) && i < CalloutTable::s_Count; i++) {
        const CalloutEntry& e = CalloutTable::s_Entries[i];

        FWPM_CALLOUT0 mCallout = {};
        mCallout.calloutKey = *e.CalloutKey;
        mCallout.displayData.name = const_cast<wchar_t*>(e.Name);
        mCallout.applicableLayer = *e.LayerKey;
        status = FwpmCalloutAdd0(s_Handle, &mCallout, nullptr, nullptr);
        if (!NT_SUCCESS(status)) {
            break;
        }

        FWPM_FILTER0 filter = {};
        filter.displayData.name = const_cast<wchar_t*>(e.Name);
        filter.layerKey = *e.LayerKey;
        filter.subLayerKey = WG_SUBLAYER;
        filter.weight.type = FWP_EMPTY;
        filter.action.type = e.FilterAction;
        filter.action.calloutKey = *e.CalloutKey;
        status = FwpmFilterAdd0(s_Handle, &filter, nullptr, nullptr);
    }

    if (NT_SUCCESS(status)) {
        status = FwpmTransactionCommit0(s_Handle);
        if (NT_SUCCESS(status)) {
            return STATUS_SUCCESS;
        }
    }

    FwpmTransactionAbort0(s_Handle);
    return status;
}
