/*
 * workerclose.c (violating) - the twin of ../workerclose.c whose unload
 * routine hands the thread's handle to ObDereferenceObject, which takes an
 * object pointer the driver referenced: the handle stays open, and the call
 * drops a reference nobody took.
 * Expected: DE024.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WcUnload;
KSTART_ROUTINE WcWorker;

static HANDLE WcThread;
static KEVENT WcStop;

VOID
WcWorker(
    _In_ PVOID Context
    )
{
    UNREFERENCED_PARAMETER(Context);
    KeWaitForSingleObject(&WcStop, Executive, KernelMode, FALSE, NULL);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID
WcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeSetEvent(&WcStop, IO_NO_INCREMENT, FALSE);
    ZwWaitForSingleObject(WcThread, FALSE, NULL);
    ObDereferenceObject(WcThread);                      // expect: DE024
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeEvent(&WcStop, NotificationEvent, FALSE);
    status = PsCreateSystemThread(&WcThread, THREAD_ALL_ACCESS, NULL, NULL, NULL, WcWorker, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = WcUnload;
    return STATUS_SUCCESS;
}
