/*
 * wskbeacon.sys - sends a UDP "hello" to a local collector on load and
 * a "bye" on unload. Test harness for the collector service.
 */
#include "wskbeacon.h"

BEACON_STATE g_Beacon;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD BeaconUnload;

static VOID
BeaconAnnounce(PCSTR Verb)
{
    CHAR     msg[BEACON_MSG_MAX];
    NTSTATUS status;
    size_t   len;

    RtlZeroMemory(msg, sizeof(msg));
    len = strlen(Verb);
    if (len >= sizeof(msg)) {
        len = sizeof(msg) - 1;
    }
    RtlCopyMemory(msg, Verb, len);

    status = BeaconSend(msg, (ULONG)len);
    if (!NT_SUCCESS(status)) {
        BERR("send '%s' failed 0x%08X", Verb, status);
    }
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    BLOG("DriverEntry");
    RtlZeroMemory(&g_Beacon, sizeof(g_Beacon));

    status = BeaconAttach();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = BeaconOpenSocket();
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }

    /* a lost datagram is not a reason to fail the load */
    BeaconAnnounce("hello");

    DriverObject->DriverUnload = BeaconUnload;
    BLOG("loaded, socket %p", g_Beacon.Socket);
    return STATUS_SUCCESS;

Fail:
    BeaconDetach();
    return status;
}

static VOID
BeaconUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    BeaconAnnounce("bye");
    BeaconDetach();

    BLOG("unloaded, %lu datagrams sent", g_Beacon.Sent);
}
