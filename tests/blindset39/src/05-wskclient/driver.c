/*
 * wskclient - sends a UDP "hello" datagram to a collector when loaded
 * and a "bye" when unloaded. Practice project for WSK.
 */
#include "ksocket.h"
#include <ip2string.h>

#define COLLECTOR_ADDR  L"192.168.56.1"
#define COLLECTOR_PORT  5140

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     WskClientUnload;

static PWSK_SOCKET g_Socket;
static SOCKADDR_IN g_Collector;

static NTSTATUS SendLine(PCSTR Text)
{
    size_t len = strlen(Text);
    return KsSendTo(g_Socket, &g_Collector, (PVOID)Text, (ULONG)len);
}

static NTSTATUS ResolveCollector(VOID)
{
    PCWSTR terminator;
    IN_ADDR addr;
    NTSTATUS status;

    status = RtlIpv4StringToAddressW(COLLECTOR_ADDR, TRUE, &terminator, &addr);
    if (!NT_SUCCESS(status))
        return status;

    RtlZeroMemory(&g_Collector, sizeof(g_Collector));
    g_Collector.sin_family = AF_INET;
    g_Collector.sin_addr = addr;
    g_Collector.sin_port = RtlUshortByteSwap(COLLECTOR_PORT);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KS_DBG("DriverEntry");

    status = ResolveCollector();
    if (status != STATUS_SUCCESS) {
        KS_DBG("bad collector address");
        return status;
    }

    status = KsStartup();
    if (status != STATUS_SUCCESS)
        return status;

    status = KsOpenUdp(&g_Socket);
    if (status != STATUS_SUCCESS) {
        KsShutdown();
        return status;
    }

    /* best effort, UDP may just vanish */
    status = SendLine("wskclient: hello\n");
    if (!NT_SUCCESS(status))
        KS_DBG("hello not sent: 0x%08X", status);

    DriverObject->DriverUnload = WskClientUnload;
    return STATUS_SUCCESS;
}

VOID WskClientUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Socket) {
        SendLine("wskclient: bye\n");
        KsClose(g_Socket);
        g_Socket = NULL;
    }

    KsShutdown();
    KS_DBG("unloaded");
}
