// driver.cpp - scanfilt entry point
#include "scanfilt.h"

scan::State scan::g;

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    using namespace scan;
    NTSTATUS status;

    RtlZeroMemory(&g, sizeof(g));

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &g.Filter);
    if (!NT_SUCCESS(status)) {
        SCAN_DBG(DPFLTR_ERROR_LEVEL, "FltRegisterFilter 0x%08X", status);
        return status;
    }

    status = CreatePort();
    if (!NT_SUCCESS(status)) {
        SCAN_DBG(DPFLTR_ERROR_LEVEL, "CreatePort 0x%08X", status);
        goto unregister;
    }

    status = PsSetCreateProcessNotifyRoutineEx(ProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        SCAN_DBG(DPFLTR_ERROR_LEVEL, "PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
        goto close_port;
    }
    g.ProcessNotify = TRUE;

    status = FltStartFiltering(g.Filter);
    if (!NT_SUCCESS(status)) {
        SCAN_DBG(DPFLTR_ERROR_LEVEL, "FltStartFiltering 0x%08X", status);
        goto remove_notify;
    }
    return STATUS_SUCCESS;

remove_notify:
    PsSetCreateProcessNotifyRoutineEx(ProcessNotify, TRUE);
    g.ProcessNotify = FALSE;
close_port:
    ClosePort();
unregister:
    FltUnregisterFilter(g.Filter);
    g.Filter = nullptr;
    return status;
}
