/*
 * acguard - minimal anti-cheat helper
 *
 * Watches for threads created inside the game process by some other process
 * (CreateRemoteThread / NtCreateThreadEx injection) and keeps a report the
 * game launcher polls through \\.\AcGuard.
 */
#include "acguard.h"

AC_STATE g_Ac;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, AcEvtDriverUnload)
#endif

VOID
AcThreadNotify(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create
    )
{
    HANDLE creator;
    KIRQL irql;

    if (!Create || g_Ac.GamePid == NULL || ProcessId != g_Ac.GamePid) {
        return;
    }

    creator = PsGetCurrentProcessId();
    if (creator == ProcessId) {
        return;     // the game spinning up its own workers
    }

    KeAcquireSpinLock(&g_Ac.Lock, &irql);
    if (g_Ac.Report.Count < AC_MAX_VIOLATIONS) {
        PAC_VIOLATION v = &g_Ac.Report.Items[g_Ac.Report.Count++];
        v->CreatorPid = HandleToULong(creator);
        v->ThreadId = HandleToULong(ThreadId);
        KeQuerySystemTime(&v->Time);
    }
    KeReleaseSpinLock(&g_Ac.Lock, irql);

    TraceEvents(TRACE_LEVEL_WARNING, TRACE_NOTIFY, "remote thread %p in game %p from %p",
                ThreadId, ProcessId, creator);
}

VOID
AcEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "unload");

    if (g_Ac.ThreadNotifyRegistered) {
        PsRemoveCreateThreadNotifyRoutine(AcThreadNotify);
        g_Ac.ThreadNotifyRegistered = FALSE;
    }

    // control device is a child of the driver object, the framework deletes it
    WPP_CLEANUP(WdfDriverWdmGetDriverObject(Driver));
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "acguard built %s", __DATE__);

    RtlZeroMemory(&g_Ac, sizeof(g_Ac));
    KeInitializeSpinLock(&g_Ac.Lock);

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = AcEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed 0x%08X", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    status = AcCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        WPP_CLEANUP(DriverObject);
        return status;
    }

    status = PsSetCreateThreadNotifyRoutine(AcThreadNotify);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "PsSetCreateThreadNotifyRoutine failed 0x%08X", status);
        WdfObjectDelete(g_ControlDevice);
        g_ControlDevice = NULL;
        WPP_CLEANUP(DriverObject);
        return status;
    }
    g_Ac.ThreadNotifyRegistered = TRUE;

    return STATUS_SUCCESS;
}
