/*
 * scanthrd.c - legacy driver of a memory-scrubbing service: DriverEntry
 * starts a worker thread and keeps a referenced pointer to it, so that
 * DriverUnload can signal it and wait for it to end.
 *
 * BUG (DE005 twice): the status of ObReferenceObjectByHandle is discarded,
 * and that of the thread's creation is stored but never tested: when PsCreateSystemThread failed,
 * `thread` is no handle, the reference fails, ScrubThread is not a
 * referenced thread object, and DriverUnload waits on (and dereferences)
 * whatever it holds. (zerothrd.c tests the creation: its reference cannot
 * fail.)
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
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, ScrubWorker, NULL); // expect: DE005
    ObReferenceObjectByHandle(thread, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,  // expect: DE005
                              (PVOID *)&ScrubThread, NULL);
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
