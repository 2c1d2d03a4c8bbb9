/*
 * driver.c - wsksyslog entry points
 */
#include "wsksyslog.h"

WSL_CONTEXT WslCtx;

static const WSK_CLIENT_DISPATCH WslClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    NULL        /* no WskClientEvent needed for 1.0 */
};

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD WslUnload;

static VOID
WslUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    WslSend(&WslCtx, WSL_FAC_KERN_INFO, "driver unloading");

    /* stop new captures first, then drop what we hold */
    WskDeregister(&WslCtx.Registration);
    WslCloseSocket(&WslCtx);
    WskReleaseProviderNPI(&WslCtx.Registration);

    WslTrace("unloaded after %ld messages", WslCtx.Sequence);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    WSK_CLIENT_NPI clientNpi;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&WslCtx, sizeof(WslCtx));
    KeInitializeEvent(&WslCtx.IoEvent, SynchronizationEvent, FALSE);
    ExInitializeFastMutex(&WslCtx.SendLock);

    WslCtx.Collector.sin_family = AF_INET;
    WslCtx.Collector.sin_port   = RtlUshortByteSwap(WSL_PORT);
    WslCtx.Collector.sin_addr.S_un.S_addr = WSL_COLLECTOR_ADDR;

    clientNpi.ClientContext = &WslCtx;
    clientNpi.Dispatch      = &WslClientDispatch;

    status = WskRegister(&clientNpi, &WslCtx.Registration);
    if (!NT_SUCCESS(status)) {
        WslTrace("WskRegister 0x%08X", status);
        return status;
    }

    status = WskCaptureProviderNPI(&WslCtx.Registration, WSL_CAPTURE_WAIT_MS,
                                   &WslCtx.Provider);
    if (!NT_SUCCESS(status)) {
        WslTrace("WskCaptureProviderNPI 0x%08X", status);
        goto deregister;
    }

    status = WslOpenSocket(&WslCtx);
    if (!NT_SUCCESS(status)) {
        WslTrace("socket 0x%08X", status);
        goto release;
    }

    DriverObject->DriverUnload = WslUnload;

    WslSend(&WslCtx, WSL_FAC_KERN_INFO, "driver loaded");
    return STATUS_SUCCESS;

release:
    WskReleaseProviderNPI(&WslCtx.Registration);
deregister:
    WskDeregister(&WslCtx.Registration);
    return status;
}
