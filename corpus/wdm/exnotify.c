/*
 * exnotify.c - a process monitor that registers its routine with
 * PsSetCreateProcessNotifyRoutineEx and removes it at unload with the same
 * call, TRUE as its second argument.
 * Conforming: no DE011.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ExnUnload;

static volatile LONG g_ExnCreated;

static VOID ExnNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);
    if (CreateInfo != NULL)
        InterlockedIncrement(&g_ExnCreated);
}

VOID ExnUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutineEx(ExnNotify, TRUE);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);
    status = PsSetCreateProcessNotifyRoutineEx(ExnNotify, FALSE);
    if (!NT_SUCCESS(status))
        return status;
    DriverObject->DriverUnload = ExnUnload;
    return STATUS_SUCCESS;
}
