/*
 * exnotify.c - a process monitor that registers its routine with
 * PsSetCreateProcessNotifyRoutineEx but removes it at unload with
 * PsSetCreateProcessNotifyRoutine (cast to fit), which looks on the other
 * list: the routine stays registered (DE011 at the registration, DE024 at
 * the removal that does not match it).
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
    PsSetCreateProcessNotifyRoutine((PCREATE_PROCESS_NOTIFY_ROUTINE)ExnNotify, TRUE);   // expect: DE024
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);
    status = PsSetCreateProcessNotifyRoutineEx(ExnNotify, FALSE);   // expect: DE011
    if (!NT_SUCCESS(status))
        return status;
    DriverObject->DriverUnload = ExnUnload;
    return STATUS_SUCCESS;
}
