#include "Worker.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD ProcWorkUnload;

#pragma alloc_text(INIT, DriverEntry)

static pw::Worker g_Worker;

static VOID OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    ULONG parent = CreateInfo != nullptr ? HandleToULong(CreateInfo->ParentProcessId) : 0;
    g_Worker.Post(HandleToULong(ProcessId), parent, CreateInfo != nullptr);
}

static VOID ProcWorkUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);
    g_Worker.Stop();

    KdPrint(("procwork: unloaded, processed=%ld dropped=%ld\n",
             g_Worker.Processed(), g_Worker.Dropped()));
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = g_Worker.Start();
    if (!NT_SUCCESS(status)) {
        KdPrint(("procwork: worker start 0x%08X\n", status));
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("procwork: notify 0x%08X\n", status));
        g_Worker.Stop();
        return status;
    }

    DriverObject->DriverUnload = ProcWorkUnload;
    return STATUS_SUCCESS;
}
