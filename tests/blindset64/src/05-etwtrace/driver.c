//
// etwtrace - pushes process / image / remote-thread activity out through an
// ETW provider so it can be picked up by any real-time consumer.
//
#include "etwtrace.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD EtUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, EtUnload)
#endif

VOID
EtUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    ET_DBG("unload");

    PsRemoveCreateThreadNotifyRoutine(EtThreadNotify);
    PsSetCreateProcessNotifyRoutineEx(EtProcessNotify, TRUE);
    PsRemoveLoadImageNotifyRoutine(EtImageNotify);

    PidCacheFree();
    EtTraceUnregister();
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    ET_DBG("DriverEntry (%s)", __DATE__);

    //
    // Provider first: every notify routine below writes through it.
    //
    status = EtTraceRegister();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (!PidCacheInit()) {
        ET_DBG("pid cache allocation failed");
        goto fail_etw;
    }

    status = PsSetLoadImageNotifyRoutine(EtImageNotify);
    if (!NT_SUCCESS(status)) {
        ET_DBG("PsSetLoadImageNotifyRoutine failed 0x%08X", status);
        goto fail_cache;
    }

    status = PsSetCreateProcessNotifyRoutineEx(EtProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        ET_DBG("PsSetCreateProcessNotifyRoutineEx failed 0x%08X", status);
        goto fail_cache;
    }

    status = PsSetCreateThreadNotifyRoutine(EtThreadNotify);
    if (!NT_SUCCESS(status)) {
        ET_DBG("PsSetCreateThreadNotifyRoutine failed 0x%08X", status);
        goto fail_process;
    }

    DriverObject->DriverUnload = EtUnload;

    ET_DBG("tracing");
    return STATUS_SUCCESS;

fail_process:
    PsSetCreateProcessNotifyRoutineEx(EtProcessNotify, TRUE);
    PsRemoveLoadImageNotifyRoutine(EtImageNotify);
fail_cache:
    PidCacheFree();
fail_etw:
    EtTraceUnregister();
    return status;
}
