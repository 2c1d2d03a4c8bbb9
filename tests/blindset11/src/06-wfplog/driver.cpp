// driver.cpp - DriverEntry / unload for wfplog
#include "wfplog.h"

namespace wfplog {
State g_State;
}

using namespace wfplog;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD WfpLogUnload;

static void WfpLogUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    // dynamic session: this drops our filters, callouts and sublayer from BFE
    if (g_State.Engine != nullptr) {
        FwpmEngineClose0(g_State.Engine);
        g_State.Engine = nullptr;
    }

    FwpsCalloutUnregisterById0(g_State.RecvCalloutId);
    FwpsCalloutUnregisterById0(g_State.ConnectCalloutId);

    if (g_State.Device != nullptr) {
        IoDeleteDevice(g_State.Device);
        g_State.Device = nullptr;
    }

    LOGW("unloaded after %lld connects, %lld packets", g_State.Connects, g_State.Packets);
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_State, sizeof(g_State));

    // FwpsCalloutRegister wants a device object; an unnamed one will do
    NTSTATUS status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_NETWORK,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g_State.Device);
    if (!NT_SUCCESS(status)) {
        LOGW("IoCreateDevice 0x%08X", status);
        return status;
    }

    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    status = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, &g_State.Engine);
    if (!NT_SUCCESS(status)) {
        LOGW("FwpmEngineOpen0 0x%08X", status);
        IoDeleteDevice(g_State.Device);
        return status;
    }

    status = Callouts::RegisterConnect(g_State.Device, &g_State.ConnectCalloutId);
    if (!NT_SUCCESS(status)) {
        LOGW("register connect callout 0x%08X", status);
        FwpmEngineClose0(g_State.Engine);
        IoDeleteDevice(g_State.Device);
        return status;
    }

    status = Callouts::RegisterRecv(g_State.Device, &g_State.RecvCalloutId);
    if (!NT_SUCCESS(status)) {
        LOGW("register recv callout 0x%08X", status);
        FwpmEngineClose0(g_State.Engine);
        IoDeleteDevice(g_State.Device);
        return status;
    }

    status = Callouts::AddManagementObjects(g_State.Engine);
    if (!NT_SUCCESS(status)) {
        LOGW("BFE objects 0x%08X", status);
        FwpmEngineClose0(g_State.Engine);
        FwpsCalloutUnregisterById0(g_State.RecvCalloutId);
        FwpsCalloutUnregisterById0(g_State.ConnectCalloutId);
        IoDeleteDevice(g_State.Device);
        return status;
    }

    DriverObject->DriverUnload = WfpLogUnload;
    LOGW("running%s", "");
    return STATUS_SUCCESS;
}
