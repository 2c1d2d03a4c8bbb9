/*
 * thrdmon.c - WDM driver of a performance monitor that follows process,
 * thread and image creation with the Windows 10 registrations
 * (PsSetCreateProcessNotifyRoutineEx2, PsSetCreateThreadNotifyRoutineEx) and
 * image loads with PsSetLoadImageNotifyRoutine. A goto ladder unwinds in
 * reverse order; the unload routine removes all three, newest first.
 * DriverEntry sits in a `#pragma code_seg("INIT")` region and the routine
 * that only it calls is marked with __declspec(code_seg("INIT")).
 *
 * Conforming: DE006, DE011 and DE012.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TmUnload;

static volatile LONG TmProcesses, TmThreads, TmImages;

#define TM_INIT_CODE __declspec(code_seg("INIT"))

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, TmUnload)
#endif

static VOID
TmProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);
    if (CreateInfo != NULL) {
        InterlockedIncrement(&TmProcesses);
    }
}

static VOID
TmThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);
    if (Create) {
        InterlockedIncrement(&TmThreads);
    }
}

static VOID
TmImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
    InterlockedIncrement(&TmImages);
}

_Use_decl_annotations_
VOID
TmUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();
    PsRemoveLoadImageNotifyRoutine(TmImageNotify);
    PsRemoveCreateThreadNotifyRoutine(TmThreadNotify);
    PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems, (PVOID)TmProcessNotify, TRUE);
}

/* Called by DriverEntry only: discarded with it. */
TM_INIT_CODE static VOID
TmResetCounters(VOID)
{
    TmProcesses = TmThreads = TmImages = 0;
}

#pragma code_seg("INIT")
_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    TmResetCounters();
    status = PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems, (PVOID)TmProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        goto done;
    }
    status = PsSetCreateThreadNotifyRoutineEx(PsCreateThreadNotifySubsystems, (PVOID)TmThreadNotify);
    if (!NT_SUCCESS(status)) {
        goto remove_process;
    }
    status = PsSetLoadImageNotifyRoutine(TmImageNotify);
    if (!NT_SUCCESS(status)) {
        goto remove_thread;
    }

    DriverObject->DriverUnload = TmUnload;
    return STATUS_SUCCESS;

remove_thread:
    PsRemoveCreateThreadNotifyRoutine(TmThreadNotify);
remove_process:
    PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems, (PVOID)TmProcessNotify, TRUE);
done:
    return status;
}
#pragma code_seg()
