#include "rtfilter.h"

DRIVER_INITIALIZE DriverEntry;

NW_GLOBALS g_Nw;
static FLT_REGISTRATION g_Registration;

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    RtlZeroMemory(&g_Nw, sizeof(g_Nw));
    g_Nw.Mode = NwReadMode(RegistryPath);
    DBG_LOG("mode %lu", g_Nw.Mode);

    NwBuildRegistration(&g_Registration, g_Nw.Mode);

    status = FltRegisterFilter(DriverObject, &g_Registration, &g_Nw.Filter);
    if (!NT_SUCCESS(status)) {
        DBG_LOG("FltRegisterFilter 0x%08X", status);
        return status;
    }

    // the port is only for the tray app; run without it if it fails
    status = NwOpenPort();
    if (!NT_SUCCESS(status)) {
        DBG_LOG("no port (0x%08X)", status);
        g_Nw.ServerPort = NULL;
    }

    status = FltStartFiltering(g_Nw.Filter);
    if (!NT_SUCCESS(status)) {
        DBG_LOG("FltStartFiltering 0x%08X", status);
        if (g_Nw.ServerPort != NULL) {
            FltCloseCommunicationPort(g_Nw.ServerPort);
            g_Nw.ServerPort = NULL;
        }
        return status;
    }

    return STATUS_SUCCESS;
}
