#include <initguid.h>
#include "Callout.h"
#include "Guids.h"

using namespace conntrace;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD DriverUnload;

#pragma alloc_text(INIT, DriverEntry)

namespace {

UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\ConnTrace");

NTSTATUS CreateDeviceObject(PDRIVER_OBJECT DriverObject)
{
    return IoCreateDevice(DriverObject, 0, &g_DeviceName, FILE_DEVICE_NETWORK,
                          FILE_DEVICE_SECURE_OPEN, FALSE, &g_State.Device);
}

NTSTATUS OpenEngineAndAddFilters()
{
    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    session.displayData.name = const_cast<PWSTR>(L"ConnTrace dynamic session");

    HANDLE engine = nullptr;
    NTSTATUS status = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, &engine);
    if (!NT_SUCCESS(status)) {
        CT_LOG("FwpmEngineOpen0 0x%08X", status);
        return status;
    }
    auto closeEngine = MakeScopeExit([engine] { FwpmEngineClose0(engine); });

    status = Callouts::AddFilters(engine);
    if (!NT_SUCCESS(status)) {
        CT_LOG("AddFilters 0x%08X", status);
        return status;
    }

    closeEngine.Dismiss();
    g_State.Engine = engine;
    return STATUS_SUCCESS;
}

NTSTATUS UnregisterCalloutSafely(UINT32 calloutId)
{
    LARGE_INTEGER delay;
    delay.QuadPart = -10 * 1000 * 20; // 20 ms

    for (int attempt = 0; attempt < 50; attempt++) {
        NTSTATUS status = FwpsCalloutUnregisterById0(calloutId);
        if (status != STATUS_DEVICE_BUSY && status != STATUS_FWP_IN_USE) {
            return status;
        }
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }
    return STATUS_TIMEOUT;
}

} // namespace

static void DriverUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    // Closing the dynamic session removes the filters, sublayer and callout objects.
    if (g_State.Engine != nullptr) {
        FwpmEngineClose0(g_State.Engine);
        g_State.Engine = nullptr;
    }

    NTSTATUS status = UnregisterCalloutSafely(g_State.CalloutIdV4);
    if (!NT_SUCCESS(status)) {
        CT_LOG("unregister v4 callout 0x%08X", status);
    }
    g_State.CalloutIdV4 = 0;

    IoDeleteDevice(g_State.Device);
    g_State.Device = nullptr;

    CT_LOG("unloaded (connects=%lld blocked=%lld)", g_State.Connects, g_State.Blocked);
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    RtlZeroMemory(&g_State, sizeof(g_State));
    KeInitializeSpinLock(&g_State.PortLock);

    NTSTATUS status = LoadBlockedPorts(RegistryPath);
    if (!NT_SUCCESS(status)) {
        CT_LOG("no BlockedPorts value (0x%08X), monitoring only", status);
    }

    status = CreateDeviceObject(DriverObject);
    if (!NT_SUCCESS(status)) {
        CT_LOG("IoCreateDevice 0x%08X", status);
        return status;
    }

    status = Callouts::Register(g_State.Device);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_State.Device);
        g_State.Device = nullptr;
        return status;
    }

    status = OpenEngineAndAddFilters();
    if (!NT_SUCCESS(status)) {
        Callouts::Unregister();
        return status;
    }

    DriverObject->DriverUnload = DriverUnload;
    CT_LOG("%s", "loaded");
    return STATUS_SUCCESS;
}
