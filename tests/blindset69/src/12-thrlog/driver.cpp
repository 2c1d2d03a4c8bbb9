// driver.cpp - thrlog: KMDF non-PnP driver that streams thread / image events over TraceLogging
#include "thrlog.h"

// {C1D2E3F4-0A1B-4C2D-8E3F-405162738495}
TRACELOGGING_DEFINE_PROVIDER(g_ThrLogProvider, "ThrLog.Kernel",
    (0xc1d2e3f4, 0x0a1b, 0x4c2d, 0x8e, 0x3f, 0x40, 0x51, 0x62, 0x73, 0x84, 0x95));

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD ThrLogEvtUnload;

static VOID ThrLogEvtUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);

    thrlog::Notifications::Unregister();
    thrlog::RecordPool::Delete();

    TraceLoggingWrite(g_ThrLogProvider, "Unload", TraceLoggingLevel(WINEVENT_LEVEL_INFO));
    TraceLoggingUnregister(g_ThrLogProvider);
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;
    enum { None, Traced, Pooled } stage = None;

    status = TraceLoggingRegister(g_ThrLogProvider);
    if (!NT_SUCCESS(status)) {
        KdPrint(("thrlog: TraceLoggingRegister 0x%08X\n", status));
        return status;
    }
    stage = Traced;

    status = thrlog::RecordPool::Init();
    if (!NT_SUCCESS(status)) {
        goto fail;
    }
    stage = Pooled;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = ThrLogEvtUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("thrlog: WdfDriverCreate 0x%08X\n", status));
        goto fail;
    }

    // last: nothing can fire into us before the pool and the provider exist
    status = thrlog::Notifications::Register();
    if (!NT_SUCCESS(status)) {
        KdPrint(("thrlog: notify registration 0x%08X\n", status));
        goto fail;
    }

    TraceLoggingWrite(g_ThrLogProvider, "Loaded", TraceLoggingLevel(WINEVENT_LEVEL_INFO));
    return STATUS_SUCCESS;

fail:
    // WDFDRIVER (if created) is torn down by the framework when DriverEntry fails;
    // EvtDriverUnload is not called in that case, so undo our own pieces here
    if (stage >= Pooled) {
        thrlog::RecordPool::Delete();
    }
    if (stage >= Traced) {
        TraceLoggingUnregister(g_ThrLogProvider);
    }
    return status;
}
