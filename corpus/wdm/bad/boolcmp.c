/*
 * boolcmp.c - a process-start counter whose registration helper returns a
 * BOOLEAN, in the version that drops it.
 *
 * BUG (DE005): the helper's result is discarded, so DriverEntry reports
 * success with no notify routine set.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BcUnload;

static volatile LONG g_Starts;

static VOID
BcOnProcess(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);
    if (CreateInfo != NULL) {
        InterlockedIncrement(&g_Starts);
    }
}

static BOOLEAN
BcStartWatching(VOID)
{
    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(BcOnProcess, FALSE);

    if (!NT_SUCCESS(status)) {
        DbgPrint("boolcmp: notify routine not set: 0x%08X\n", status);
        return FALSE;
    }
    return TRUE;
}

VOID
BcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutineEx(BcOnProcess, TRUE);
}

NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    BcStartWatching(); // expect: DE005
    DriverObject->DriverUnload = BcUnload;
    return STATUS_SUCCESS;
}
