/*++

Copyright (c) Lucerne Publishing IT.  All rights reserved.

Module Name:

    main.c

Abstract:

    DriverEntry, configuration, Unload and teardown of the service
    watchdog driver.

Environment:

    Kernel mode.

--*/

#include "wdctl.h"

LG_GLOBALS g_Lg;

static
NTSTATUS
LgCopyServiceKey(
    _Out_ PUNICODE_STRING Destination,
    _In_ PCUNICODE_STRING RegistryPath
    );

static
VOID
LgReadConfig(
    _Inout_ PLG_GLOBALS Globals
    );

static
VOID
LgTeardown(
    _Inout_ PLG_GLOBALS Globals
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, LgCopyServiceKey)
#pragma alloc_text(INIT, LgReadConfig)
#pragma alloc_text(PAGE, LgTeardown)
#pragma alloc_text(PAGE, LgUnload)
#endif


static
NTSTATUS
LgCopyServiceKey(
    _Out_ PUNICODE_STRING Destination,
    _In_ PCUNICODE_STRING RegistryPath
    )
{
    PAGED_CODE();

    Destination->Length = 0;
    Destination->MaximumLength = RegistryPath->Length;
    Destination->Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                RegistryPath->Length,
                                                LG_TAG_STRING);
    if (Destination->Buffer == NULL) {
        Destination->MaximumLength = 0;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyUnicodeString(Destination, RegistryPath);
    return STATUS_SUCCESS;
}


static
VOID
LgReadConfig(
    _Inout_ PLG_GLOBALS Globals
    )
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG ringEntries = LG_DEFAULT_RING_ENTRIES;
    ULONG timeout = LG_DEFAULT_TIMEOUT_SEC;
    NTSTATUS status;

    PAGED_CODE();

    Globals->Config.RingEntries = LG_DEFAULT_RING_ENTRIES;
    Globals->Config.TimeoutSeconds = LG_DEFAULT_TIMEOUT_SEC;

    status = RtlStringCchPrintfW(Globals->ParametersPath,
                                 RTL_NUMBER_OF(Globals->ParametersPath),
                                 L"%wZ\\Parameters",
                                 &Globals->ServiceKey);
    if (!NT_SUCCESS(status)) {
        Globals->ParametersPath[0] = UNICODE_NULL;
        return;
    }

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"RingEntries";
    table[0].EntryContext = &ringEntries;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"TimeoutSeconds";
    table[1].EntryContext = &timeout;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    (VOID)RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                 Globals->ParametersPath,
                                 table,
                                 NULL,
                                 NULL);

    if (ringEntries >= 16 && ringEntries <= 65536) {
        Globals->Config.RingEntries = ringEntries;
    }

    if (timeout >= 1 && timeout <= 3600) {
        Globals->Config.TimeoutSeconds = timeout;
    }
}


static
VOID
LgTeardown(
    _Inout_ PLG_GLOBALS Globals
    )
/*++

Routine Description:

    Undoes DriverEntry; shared by the failure path and LgUnload.  Each
    step checks whether it was reached.

--*/
{
    PAGED_CODE();

    LgStopWatchdog(Globals);

    LgUnregisterCrashHooks(Globals);

    LgFreeRing(Globals);

    LgDeleteControlDevice(Globals);

    if (Globals->ServiceKey.Buffer != NULL) {
        ExFreePoolWithTag(Globals->ServiceKey.Buffer, LG_TAG_STRING);
        RtlZeroMemory(&Globals->ServiceKey, sizeof(UNICODE_STRING));
    }
}


_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    RtlZeroMemory(&g_Lg, sizeof(g_Lg));
    g_Lg.DriverObject = DriverObject;

    KeInitializeSpinLock(&g_Lg.RingLock);
    KeInitializeTimerEx(&g_Lg.WatchdogTimer, NotificationTimer);
    KeInitializeDpc(&g_Lg.WatchdogDpc, LgWatchdogDpc, &g_Lg);

    LG_CHK(LgCopyServiceKey(&g_Lg.ServiceKey, RegistryPath));

    LgReadConfig(&g_Lg);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = LgDispatchInvalid;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LgDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LgDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LgDispatchDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = LgDispatchShutdown;
    DriverObject->DriverUnload = LgUnload;

    LG_CHK(LgCreateControlDevice(DriverObject, &g_Lg));

    if (!LgAllocateRing(&g_Lg, g_Lg.Config.RingEntries)) {
        LG_ERR("no memory for %lu ring entries", g_Lg.Config.RingEntries);
        goto Exit;
    }

    LG_CHK(LgRegisterCrashHooks(&g_Lg));
    g_Lg.CrashHooksRegistered = TRUE;

    //
    // The service gets a full timeout period to send its first ping.
    //
    InterlockedExchange64(&g_Lg.LastPing, (LONG64)KeQueryInterruptTime());
    LgStartWatchdog(&g_Lg);

    LG_INFO("running: timeout %lus, %lu ring entries",
            g_Lg.Config.TimeoutSeconds, g_Lg.Config.RingEntries);

Exit:

    if (!NT_SUCCESS(status)) {
        DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = NULL;
        DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = NULL;
        LgTeardown(&g_Lg);
    }

    return status;
}


_Use_decl_annotations_
VOID
LgUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(DriverObject);

    LG_INFO("unloading");

    LgTeardown(&g_Lg);
}
