/*
 * wskbeacon.c
 *
 * Sends a small UDP datagram ("beacon") to a lab machine when the driver is
 * loaded and another one when it is unloaded. Used it to learn WSK and to
 * know when my test VM came back up after a crash :)
 *
 *   nc -ul 31337   on 192.168.56.1
 */
#include "wsk_util.h"
#include <ntstrsafe.h>
#include <ip2string.h>

#define WB_TARGET_IP      L"192.168.56.1"
#define WB_TARGET_PORT    31337
#define WB_NPI_WAIT_MS    5000
#define WB_MSG_MAX        128

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WbUnload;

static const WSK_CLIENT_DISPATCH g_WskClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    NULL
};

static WSK_REGISTRATION g_WskRegistration;
static WSK_PROVIDER_NPI g_WskProvider;
static PWSK_SOCKET      g_Socket = NULL;
static SOCKADDR_IN      g_Target;
static ULONG            g_BeaconSeq = 0;

static NTSTATUS WbSetupTarget(VOID)
{
    NTSTATUS status;
    PCWSTR terminator;

    RtlZeroMemory(&g_Target, sizeof(g_Target));
    g_Target.sin_family = AF_INET;
    g_Target.sin_port = RtlUshortByteSwap(WB_TARGET_PORT);

    status = RtlIpv4StringToAddressW(WB_TARGET_IP, TRUE, &terminator, &g_Target.sin_addr);
    if (!NT_SUCCESS(status)) {
        WB_LOG("bad target address %ws", WB_TARGET_IP);
    }
    return status;
}

static VOID WbSendBeacon(PCSTR What)
{
    PCHAR msg;
    size_t len;
    LARGE_INTEGER now;
    NTSTATUS status;

    if (g_Socket == NULL) {
        return;
    }

    msg = (PCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, WB_MSG_MAX, WB_TAG);
    if (msg == NULL) {
        return;
    }

    KeQuerySystemTime(&now);
    status = RtlStringCbPrintfA(msg, WB_MSG_MAX, "BEACON %s seq=%lu time=%I64d\n",
                                What, g_BeaconSeq++, now.QuadPart);
    if (NT_SUCCESS(status)) {
        status = RtlStringCbLengthA(msg, WB_MSG_MAX, &len);
    }
    if (NT_SUCCESS(status)) {
        status = WkSendTo(g_Socket, (PSOCKADDR)&g_Target, msg, (ULONG)len);
        WB_LOG("beacon '%s' sent: 0x%08X", What, status);
    }

    ExFreePoolWithTag(msg, WB_TAG);
}

VOID WbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    WbSendBeacon("down");

    if (g_Socket != NULL) {
        WkClose(g_Socket);
        g_Socket = NULL;
    }

    WskDeregister(&g_WskRegistration);
    WskReleaseProviderNPI(&g_WskRegistration);

    WB_LOG("unloaded");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    WSK_CLIENT_NPI clientNpi;
    SOCKADDR_IN local;

    UNREFERENCED_PARAMETER(RegistryPath);

    WB_LOG("DriverEntry");

    status = WbSetupTarget();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    clientNpi.ClientContext = NULL;
    clientNpi.Dispatch = &g_WskClientDispatch;
    WskRegister(&clientNpi, &g_WskRegistration);

    status = WskCaptureProviderNPI(&g_WskRegistration, WB_NPI_WAIT_MS, &g_WskProvider);
    if (!NT_SUCCESS(status)) {
        WB_LOG("WskCaptureProviderNPI failed 0x%08X", status);
        WskDeregister(&g_WskRegistration);
        return status;
    }

    status = WkCreateDatagramSocket(&g_WskProvider, &g_Socket);
    if (!NT_SUCCESS(status)) {
        WB_LOG("WskSocket failed 0x%08X", status);
        WskReleaseProviderNPI(&g_WskRegistration);
        WskDeregister(&g_WskRegistration);
        return status;
    }

    RtlZeroMemory(&local, sizeof(local));
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = INADDR_ANY;
    local.sin_port = 0;

    status = WkBind(g_Socket, (PSOCKADDR)&local);
    if (!NT_SUCCESS(status)) {
        WB_LOG("WskBind failed 0x%08X", status);
        WkClose(g_Socket);
        g_Socket = NULL;
        WskReleaseProviderNPI(&g_WskRegistration);
        WskDeregister(&g_WskRegistration);
        return status;
    }

    WbSendBeacon("up");

    DriverObject->DriverUnload = WbUnload;
    return STATUS_SUCCESS;
}
