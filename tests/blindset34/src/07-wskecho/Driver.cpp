//
// wskecho - announces itself over UDP when loaded and keeps a bound
// datagram socket around for the (future) echo responder.
//
#include "WskClient.h"

#define WE_CAPTURE_TIMEOUT_MS  3000
#define WE_LOCAL_PORT          7777
#define WE_COLLECTOR_PORT      9999
#define WE_COLLECTOR_ADDR      0x0100007F      // 127.0.0.1, network order

namespace {
WskClient g_Client;
const char g_Hello[] = "wskecho: driver loaded";
}

extern "C" DRIVER_INITIALIZE DriverEntry;

static void WeUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    g_Client.CloseSocket();
    g_Client.Shutdown();
    WE_LOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = g_Client.Register();
    if (!NT_SUCCESS(status)) {
        WE_LOG("WskRegister failed 0x%08X", status);
        return status;
    }

    auto cleanup = MakeScopeExit([] {
        g_Client.CloseSocket();
        g_Client.Shutdown();
    });

    status = g_Client.Capture(WE_CAPTURE_TIMEOUT_MS);
    WE_LOG_STATUS("WskCaptureProviderNPI", status);

    status = g_Client.OpenDatagramSocket(WE_LOCAL_PORT);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    SOCKADDR_IN collector = {};
    collector.sin_family = AF_INET;
    collector.sin_port = RtlUshortByteSwap(WE_COLLECTOR_PORT);
    collector.sin_addr.s_addr = WE_COLLECTOR_ADDR;

    // best effort, UDP
    status = g_Client.SendTo(collector, g_Hello, sizeof(g_Hello) - 1);
    WE_LOG_STATUS("hello datagram", status);

    DriverObject->DriverUnload = WeUnload;
    cleanup.Dismiss();
    return STATUS_SUCCESS;
}
