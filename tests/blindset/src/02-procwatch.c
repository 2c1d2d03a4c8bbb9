/*
 * procwatch.sys - logs process and thread creation to the debugger
 * build with WDK, load with sc create procwatch type= kernel binPath= ...
 * (needs /INTEGRITYCHECK in linker flags for the Ex callback)
 */
#include <ntddk.h>

#define PW_TAG 'hcWP'

static LONG g_ProcCount = 0;
static LONG g_ThreadCount = 0;

static VOID PwProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        InterlockedIncrement(&g_ProcCount);
        if (CreateInfo->ImageFileName != NULL) {
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
                       "procwatch: +pid %p %wZ\n", ProcessId, CreateInfo->ImageFileName);
        }
    } else {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "procwatch: -pid %p\n", ProcessId);
    }
}

static VOID PwThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    if (Create) {
        InterlockedIncrement(&g_ThreadCount);
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
                   "procwatch: +tid %p in pid %p\n", ThreadId, ProcessId);
    }
}

static VOID PwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PsRemoveCreateThreadNotifyRoutine(PwThreadNotify);
    PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, TRUE);

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
               "procwatch: unloaded, saw %ld processes / %ld threads\n",
               g_ProcCount, g_ThreadCount);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = PwUnload;

    status = PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "procwatch: process notify failed %08x\n", status);
        goto Exit;
    }

    status = PsSetCreateThreadNotifyRoutine(PwThreadNotify);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "procwatch: thread notify failed %08x\n", status);
        goto Exit;
    }

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "procwatch: running\n");

Exit:
    return status;
}
