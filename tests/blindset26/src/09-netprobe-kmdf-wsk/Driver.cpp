//
// Driver.cpp - DriverEntry, unload, cleanup and the control device.
//
// Until DriverEntry succeeds, scope guards unwind completed steps newest
// first. Afterwards EvtDriverUnload releases the control device and WSK,
// and the WDFDRIVER cleanup callback (runs after it) stops tracing.
//
#include "Driver.h"
#include "ScopeExit.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, NpEvtDriverUnload)
#pragma alloc_text(PAGE, NpEvtDriverContextCleanup)
#pragma alloc_text(PAGE, NpCreateControlDevice)
#endif

// {3C1A9E52-7D84-4F3B-8E21-6B0F4A9D2C57}
TRACELOGGING_DEFINE_PROVIDER(
    g_NpTraceProvider,
    "Contoso.NetProbe",
    (0x3c1a9e52, 0x7d84, 0x4f3b, 0x8e, 0x21, 0x6b, 0x0f, 0x4a, 0x9d, 0x2c, 0x57));

static volatile LONG g_NpTraceRegistered = 0;

_IRQL_requires_(PASSIVE_LEVEL)
VOID
NpTraceInitialize(VOID)
{
    // Best effort: without the provider the debugger output still works.
    if (NT_SUCCESS(TraceLoggingRegister(g_NpTraceProvider))) {
        InterlockedExchange(&g_NpTraceRegistered, 1);
    }
}

_IRQL_requires_(PASSIVE_LEVEL)
VOID
NpTraceCleanup(VOID)
{
    if (InterlockedExchange(&g_NpTraceRegistered, 0) != 0) {
        TraceLoggingUnregister(g_NpTraceProvider);
    }
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver = nullptr;
    PNP_DRIVER_CONTEXT ctx;

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    NpTraceInitialize();
    auto traceGuard = np::MakeScopeExit([]() { NpTraceCleanup(); });

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = NpEvtDriverUnload;
    config.DriverPoolTag = NP_POOL_TAG;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, NP_DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = NpEvtDriverContextCleanup;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        NP_ERROR("WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    ctx = NpGetDriverContext(driver);
    new (&ctx->Wsk) np::WskClient();
    ctx->WskConstructed = true;

    status = ctx->Wsk.Register();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto wskGuard = np::MakeScopeExit([ctx]() { ctx->Wsk.Deregister(); });

    status = NpCreateControlDevice(driver, &ctx->ControlDevice);
    if (!NT_SUCCESS(status)) {
        NP_ERROR("NpCreateControlDevice failed 0x%08X", status);
        return status;
    }

    // Fully initialized: unload and the cleanup callback own teardown now.
    wskGuard.Dismiss();
    traceGuard.Dismiss();

    NP_INFO("NetProbe ready");
    return STATUS_SUCCESS;
}

extern "C"
VOID
NpEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    PNP_DRIVER_CONTEXT ctx = NpGetDriverContext(Driver);

    PAGED_CODE();

    NP_INFO("unloading: %ld probes, %ld ok, %ld failed", ctx->Probes, ctx->Succeeded, ctx->Failed);

    // Stop new requests first; WskDeregister then blocks until in-flight
    // probes have released the provider NPI and closed their sockets.
    if (ctx->ControlDevice != nullptr) {
        WdfObjectDelete(ctx->ControlDevice);
        ctx->ControlDevice = nullptr;
    }
    ctx->Wsk.Deregister();
}

extern "C"
VOID
NpEvtDriverContextCleanup(
    _In_ WDFOBJECT Object
    )
{
    PNP_DRIVER_CONTEXT ctx = NpGetDriverContext(static_cast<WDFDRIVER>(Object));

    PAGED_CODE();

    if (ctx->WskConstructed) {
        ctx->Wsk.~WskClient();          // deregisters if still registered
        ctx->WskConstructed = false;
    }
    NpTraceCleanup();
}

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
NpCreateControlDevice(
    _In_ WDFDRIVER Driver,
    _Out_ WDFDEVICE* ControlDevice
    )
{
    NTSTATUS status;
    PWDFDEVICE_INIT init;
    WDFDEVICE device = nullptr;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_OBJECT_ATTRIBUTES queueAttributes;
    DECLARE_CONST_UNICODE_STRING(ntName, NP_NT_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, NP_DOS_DEVICE_NAME);

    PAGED_CODE();

    *ControlDevice = nullptr;

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    // We own the init structure until WdfDeviceCreate succeeds (which
    // sets init to NULL and makes this guard a no-op).
    auto initGuard = np::MakeScopeExit([&init]() {
        if (init != nullptr) {
            WdfDeviceInitFree(init);
        }
    });

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto deviceGuard = np::MakeScopeExit([device]() { WdfObjectDelete(device); });

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = NpEvtIoDeviceControl;
    WDF_OBJECT_ATTRIBUTES_INIT(&queueAttributes);
    queueAttributes.ExecutionLevel = WdfExecutionLevelPassive;

    status = WdfIoQueueCreate(device, &queueConfig, &queueAttributes, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WdfControlFinishInitializing(device);

    deviceGuard.Dismiss();
    *ControlDevice = device;
    return STATUS_SUCCESS;
}

extern "C"
VOID
NpEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PNP_DRIVER_CONTEXT ctx = NpGetDriverContext(WdfGetDriver());
    NTSTATUS status;
    PNP_PROBE_REQUEST in = nullptr;
    PNP_PROBE_RESULT out = nullptr;
    SOCKADDR_IN remote;
    ULONG elapsed = 0;
    NTSTATUS probeStatus;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_NETPROBE_TCP_CONNECT) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(NP_PROBE_REQUEST), reinterpret_cast<PVOID*>(&in), nullptr);
    if (NT_SUCCESS(status)) {
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(NP_PROBE_RESULT), reinterpret_cast<PVOID*>(&out), nullptr);
    }
    if (NT_SUCCESS(status) &&
        (in->TimeoutMs < NP_MIN_TIMEOUT_MS || in->TimeoutMs > NP_MAX_TIMEOUT_MS || in->Port == 0)) {
        status = STATUS_INVALID_PARAMETER;
    }
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    RtlZeroMemory(&remote, sizeof(remote));
    remote.sin_family = AF_INET;
    remote.sin_port = in->Port;
    remote.sin_addr.s_addr = in->Ipv4Address;

    InterlockedIncrement(&ctx->Probes);
    probeStatus = ctx->Wsk.TcpConnectProbe(&remote, in->TimeoutMs, &elapsed);
    InterlockedIncrement(NT_SUCCESS(probeStatus) ? &ctx->Succeeded : &ctx->Failed);

    out->Status = probeStatus;
    out->ElapsedMs = elapsed;
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(NP_PROBE_RESULT));
}
