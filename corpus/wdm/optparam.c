/*
 * optparam.c - "spawnlog", a process-creation logger whose verbosity comes
 * from an optional registry value. The value is read after the process
 * notify routine is registered; reading it may fail (the value is missing),
 * and since the driver can run without it, DriverEntry keeps the default
 * and succeeds rather than returning the read's status with the routine
 * still registered.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SlUnload;

static ULONG SlVerbose;

static VOID SlNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    if (CreateInfo != NULL && SlVerbose)
        DbgPrint("spawnlog: pid %p created\n", ProcessId);
}

static NTSTATUS SlReadVerbose(PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[2];

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED;
    table[0].Name = L"Verbose";
    table[0].EntryContext = &SlVerbose;
    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, NULL, NULL);
}

VOID SlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutineEx(SlNotify, TRUE);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    DriverObject->DriverUnload = SlUnload;
    status = PsSetCreateProcessNotifyRoutineEx(SlNotify, FALSE);
    if (!NT_SUCCESS(status))
        return status;

    status = SlReadVerbose(RegistryPath);
    if (!NT_SUCCESS(status))
        SlVerbose = 0;      /* optional: keep the default */
    return STATUS_SUCCESS;
}
