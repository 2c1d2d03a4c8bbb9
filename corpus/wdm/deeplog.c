/*
 * deeplog.c - a legacy driver with a worker thread and a layered event log:
 * its teardown logs, three helpers deep, through three levels of log helpers, the last
 * of which copies the text into pool. The log helpers take their
 * format as an LPCTSTR, a name of the kit's kernel headers. The unload
 * routine stops the worker, waits for it and drops its reference.
 * Conforming: no DE011 (the log helpers sit deeper than the unload
 * routine's helpers are followed path by path, and release nothing).
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DlUnload;
KSTART_ROUTINE DlWorker;

typedef struct _DL_STATE {
    PDRIVER_OBJECT Driver;
    KEVENT Stop;
    PKTHREAD Worker;
    ULONG Ticks;
} DL_STATE;

static DL_STATE g_Dl;

static VOID DlLogPacket(NTSTATUS Code, PCWSTR Text)
{
    size_t len = wcslen(Text) * sizeof(WCHAR);
    PWCHAR copy = ExAllocatePoolWithTag(NonPagedPool, len + sizeof(WCHAR), 'golD');
    if (copy == NULL)
        return;
    RtlCopyMemory(copy, Text, len + sizeof(WCHAR));
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "deeplog: %08x %ws\n", Code, copy);
    ExFreePoolWithTag(copy, 'golD');
}

static VOID DlLogEmit(NTSTATUS Code, LPCTSTR Format)
{
    WCHAR text[64];
    RtlZeroMemory(text, sizeof(text));
    for (ULONG i = 0; i < 63 && Format[i]; i++)
        text[i] = (WCHAR)Format[i];
    DlLogPacket(Code, text);
}

static VOID DlLogWrite(NTSTATUS Code, LPCTSTR Format)
{
    if (KeGetCurrentIrql() > PASSIVE_LEVEL)
        return;
    DlLogEmit(Code, Format);
}

static VOID DlLogInfo(LPCTSTR Format)
{
    DlLogWrite(STATUS_SUCCESS, Format);
}

static VOID DlStopWorker(VOID)
{
    DlLogInfo("stopping the worker");
    KeSetEvent(&g_Dl.Stop, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Dl.Worker, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Dl.Worker);
    g_Dl.Worker = NULL;
}

static VOID DlStopServices(VOID)
{
    DlStopWorker();
}

static VOID DlTeardown(VOID)
{
    DlStopServices();
}

VOID DlWorker(PVOID Context)
{
    LARGE_INTEGER period;
    UNREFERENCED_PARAMETER(Context);
    period.QuadPart = -10 * 1000 * 1000;
    while (KeWaitForSingleObject(&g_Dl.Stop, Executive, KernelMode, FALSE, &period) == STATUS_TIMEOUT)
        InterlockedIncrement((LONG volatile *)&g_Dl.Ticks);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID DlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    DlTeardown();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    HANDLE thread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    g_Dl.Driver = DriverObject;
    KeInitializeEvent(&g_Dl.Stop, NotificationEvent, FALSE);

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, DlWorker, NULL);
    if (!NT_SUCCESS(status))
        return status;
    status = ObReferenceObjectByHandle(thread, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                                       (PVOID *)&g_Dl.Worker, NULL);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&g_Dl.Stop, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
        ZwClose(thread);
        return status;
    }
    ZwClose(thread);

    DriverObject->DriverUnload = DlUnload;
    return STATUS_SUCCESS;
}
