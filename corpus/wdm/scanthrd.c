/*
 * scanthrd.c - the memory-scrubbing service of bad/scanthrd.c, conforming:
 * when ObReferenceObjectByHandle fails, DriverEntry stops the worker it
 * started, closes the handle and fails, so DriverUnload only ever waits on
 * a referenced thread object.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ScrubUnload;
KSTART_ROUTINE ScrubWorker;

static PKTHREAD ScrubThread;
static KEVENT ScrubStop;

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    HANDLE thread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeEvent(&ScrubStop, NotificationEvent, FALSE);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, ScrubWorker, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ObReferenceObjectByHandle(thread, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                                       (PVOID *)&ScrubThread, NULL);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&ScrubStop, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
        ZwClose(thread);
        return status;
    }
    ZwClose(thread);

    DriverObject->DriverUnload = ScrubUnload;
    return STATUS_SUCCESS;
}

VOID
ScrubWorker(_In_ PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeWaitForSingleObject(&ScrubStop, Executive, KernelMode, FALSE, NULL);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID
ScrubUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeSetEvent(&ScrubStop, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(ScrubThread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(ScrubThread);
}
