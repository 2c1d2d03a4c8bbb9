/*
 * procpol.c - KMDF non-PnP driver of a process-policy agent: it logs with
 * TraceLogging, and watches process creation with
 * PsSetCreateProcessNotifyRoutineEx once the framework driver exists. The
 * framework owns the driver object; what the driver registered itself is
 * undone in EvtDriverUnload, newest first.
 *
 * Conforming: DE006 and DE011; DE005 (the optional registration's status is
 * examined by the flag computed from it).
 */

#include <ntddk.h>
#include <wdf.h>
#include <TraceLoggingProvider.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD ProcPolEvtDriverUnload;

TRACELOGGING_DEFINE_PROVIDER(ProcPolProvider, "Contoso.ProcPol",
    (0x4c1a6c5e, 0x8f0b, 0x4e1d, 0x9b, 0x23, 0x71, 0x2a, 0x55, 0x6e, 0x0c, 0x41));

static BOOLEAN ProcPolNotifying;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ProcPolEvtDriverUnload)
#endif

static VOID
ProcPolProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(CreateInfo);
}

_Use_decl_annotations_
VOID
ProcPolEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();
    if (ProcPolNotifying) {
        PsSetCreateProcessNotifyRoutineEx(ProcPolProcessNotify, TRUE);
    }
    TraceLoggingUnregister(ProcPolProvider);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    status = TraceLoggingRegister(ProcPolProvider);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = ProcPolEvtDriverUnload;
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceLoggingUnregister(ProcPolProvider);
        return status;
    }

    /* Optional: the policy still applies to handles without it. */
    status = PsSetCreateProcessNotifyRoutineEx(ProcPolProcessNotify, FALSE);
    ProcPolNotifying = NT_SUCCESS(status);
    return STATUS_SUCCESS;
}
