// driver.cpp - entry point, notify routines, unload.
#include "procwatch.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD PwUnload;

PwRing g_Ring;

static void
PwOnProcess(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != nullptr) {
        g_Ring.Push(PwKind::ProcessStart,
                    ProcessId,
                    CreateInfo->ParentProcessId,
                    CreateInfo->ImageFileName);
    } else {
        g_Ring.Push(PwKind::ProcessExit, ProcessId, nullptr, nullptr);
    }
}

static void
PwOnImage(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    UNREFERENCED_PARAMETER(ImageInfo);

    g_Ring.Push(PwKind::ImageLoad, ProcessId, nullptr, FullImageName);
}

extern "C" NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    g_Ring.Init();

    NTSTATUS status = PwStartFlusher();
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcWatch: flusher thread failed 0x%08X\n", status));
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(PwOnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcWatch: process notify failed 0x%08X\n", status));
        PwStopFlusher();
        return status;
    }

    status = PsSetLoadImageNotifyRoutine(PwOnImage);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcWatch: image notify failed 0x%08X\n", status));
        PsSetCreateProcessNotifyRoutineEx(PwOnProcess, TRUE);
        PwStopFlusher();
        return status;
    }

    DriverObject->DriverUnload = PwUnload;
    KdPrint(("ProcWatch: running\n"));
    return STATUS_SUCCESS;
}

static void
PwUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PsSetCreateProcessNotifyRoutineEx(PwOnProcess, TRUE);

    PwStopFlusher();

    KdPrint(("ProcWatch: stopped, %lu records dropped\n", g_Ring.Dropped()));
}
