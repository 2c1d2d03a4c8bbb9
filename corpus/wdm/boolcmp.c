/*
 * boolcmp.c - a process-start counter whose registration helper returns a
 * BOOLEAN, tested as `Helper() == FALSE`: the helper's failure is examined
 * and DriverEntry fails with it.
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

    if (BcStartWatching() == FALSE) {
        return STATUS_UNSUCCESSFUL;
    }
    DriverObject->DriverUnload = BcUnload;
    return STATUS_SUCCESS;
}
