/*
 * zerothrd.c - legacy driver of a page-zeroing service: DriverEntry starts
 * a worker thread and takes a referenced pointer to it, so that
 * DriverUnload can signal it and wait for it to end. The reference's status
 * is not tested, and need not be: the handle is a kernel handle the
 * creation just returned with success, referenced in KernelMode (no access
 * check) as the thread it is. No DE005.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ZtUnload;
KSTART_ROUTINE ZtWorker;

static PKTHREAD ZtThread;
static KEVENT ZtStop;

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    OBJECT_ATTRIBUTES attributes;
    HANDLE thread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeEvent(&ZtStop, NotificationEvent, FALSE);
    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, &attributes, NULL, NULL, ZtWorker, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ObReferenceObjectByHandle(thread, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                              (PVOID *)&ZtThread, NULL);
    ZwClose(thread);

    DriverObject->DriverUnload = ZtUnload;
    return STATUS_SUCCESS;
}

VOID
ZtWorker(_In_ PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeWaitForSingleObject(&ZtStop, Executive, KernelMode, FALSE, NULL);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID
ZtUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeSetEvent(&ZtStop, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(ZtThread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(ZtThread);
}
