/*
 * driver.c - NetCount WFP callout driver: counts outbound IPv4 connects
 *
 * Counters are dumped to the debugger at unload; a later version will
 * hand them out through an IOCTL.
 */
#include <initguid.h>
#include "netcount.h"

NC_GLOBALS g_Nc;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NcUnload;

VOID
NcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    NcRemoveFilters();
    NcUnregisterCallout();

    if (g_Nc.Stats != NULL) {
        NCLOG("total %I64d tcp %I64d udp %I64d icmp %I64d other %I64d",
              g_Nc.Stats->Total, g_Nc.Stats->Tcp, g_Nc.Stats->Udp,
              g_Nc.Stats->Icmp, g_Nc.Stats->Other);
        ExFreePoolWithTag(g_Nc.Stats, NC_TAG);
        g_Nc.Stats = NULL;
    }

    IoDeleteDevice(g_Nc.Device);
    g_Nc.Device = NULL;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Nc, sizeof(g_Nc));
    DriverObject->DriverUnload = NcUnload;

    /* WFP wants a device object to hang the callout on */
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Nc.Device);
    if (!NT_SUCCESS(status)) {
        NCLOG("IoCreateDevice 0x%08X", status);
        return status;
    }

    g_Nc.Stats = (PNC_STATS)ExAllocatePoolZero(PagedPool, sizeof(NC_STATS), NC_TAG);
    if (g_Nc.Stats == NULL) {
        IoDeleteDevice(g_Nc.Device);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = NcRegisterCallout(g_Nc.Device);
    if (!NT_SUCCESS(status)) {
        NCLOG("FwpsCalloutRegister1 0x%08X", status);
        ExFreePoolWithTag(g_Nc.Stats, NC_TAG);
        IoDeleteDevice(g_Nc.Device);
        return status;
    }

    status = NcAddFilters();
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(g_Nc.Stats, NC_TAG);
        g_Nc.Stats = NULL;
        IoDeleteDevice(g_Nc.Device);
        return status;
    }

    NCLOG("callout %u, filter %I64u", g_Nc.CalloutId, g_Nc.FilterId);
    return STATUS_SUCCESS;
}
