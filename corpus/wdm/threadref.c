/*
 * threadref.c - "tickd": a legacy driver whose one system thread counts
 * ticks until the unload routine stops it. DriverEntry creates the thread,
 * then references its object by the handle it just got, in KernelMode and
 * with *PsThreadType: that cannot fail for the handle of a thread the call
 * before made (the handle is valid and of that type, and KernelMode checks
 * no access), so the branch on its status returns without stopping a
 * thread, a branch no run takes. A control device comes first, so no step
 * after the thread can fail.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TkUnload;
KSTART_ROUTINE TkThread;

static KEVENT g_TkStop;
static PVOID g_TkThread;
static PDEVICE_OBJECT g_TkDevice;
static volatile LONG g_TkTicks;

VOID
TkThread(_In_ PVOID Context)
{
    LARGE_INTEGER second;

    UNREFERENCED_PARAMETER(Context);
    second.QuadPart = -10000000LL;
    while (KeWaitForSingleObject(&g_TkStop, Executive, KernelMode, FALSE, &second) == STATUS_TIMEOUT) {
        InterlockedIncrement(&g_TkTicks);
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID
TkUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeSetEvent(&g_TkStop, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_TkThread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_TkThread);
    IoDeleteDevice(g_TkDevice);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    HANDLE thread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeEvent(&g_TkStop, NotificationEvent, FALSE);
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_TkDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, TkThread, NULL);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_TkDevice);
        return status;
    }
    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode, &g_TkThread, NULL);
    ZwClose(thread);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_TkDevice);
        return status;
    }

    DriverObject->DriverUnload = TkUnload;
    return STATUS_SUCCESS;
}
