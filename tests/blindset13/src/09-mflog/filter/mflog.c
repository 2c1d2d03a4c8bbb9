/*
 * mflog.c - MfLog: reports every successful create to a user-mode viewer.
 */
#include "mflog.h"

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS MfUnload(FLT_FILTER_UNLOAD_FLAGS Flags);

MFLOG_GLOBALS g;

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          /* Flags */
    MfContexts,                 /* Context */
    MfCallbacks,                /* Operation callbacks */
    MfUnload,                   /* FilterUnload */
    MfInstanceSetup,            /* InstanceSetup */
    MfInstanceQueryTeardown,    /* InstanceQueryTeardown */
    NULL,                       /* InstanceTeardownStart */
    NULL,                       /* InstanceTeardownComplete */
    NULL, NULL, NULL            /* name provider callbacks */
};

static NTSTATUS MfUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    LOG("unloading%s", "");
    CommClosePort();
    FltUnregisterFilter(g.Filter);
    g.Filter = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlZeroMemory(&g, sizeof(g));

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &g.Filter);
    CHECK_STATUS(status, "FltRegisterFilter");

    status = CommCreatePort(g.Filter);
    if (!NT_SUCCESS(status)) {
        LOG("CommCreatePort failed 0x%08X", status);
        FltUnregisterFilter(g.Filter);
        goto Exit;
    }

    status = FltStartFiltering(g.Filter);
    if (!NT_SUCCESS(status)) {
        LOG("FltStartFiltering failed 0x%08X", status);
        CommClosePort();
        goto Exit;
    }

    LOG("started%s", "");

Exit:
    return status;
}
