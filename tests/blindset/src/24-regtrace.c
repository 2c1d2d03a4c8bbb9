// regtrace: records RegNtPostCreateKeyEx events into a list,
// dumps them to the debugger when the driver unloads

#include <ntddk.h>

#define RT_TAG 'crTR'
#define RT_MAX 256

typedef struct _RT_EVENT {
    LIST_ENTRY Entry;
    HANDLE Pid;
    NTSTATUS Status;
    LARGE_INTEGER Time;
} RT_EVENT, *PRT_EVENT;

LIST_ENTRY   g_Events;
KSPIN_LOCK   g_EventsLock;
ULONG        g_EventCount;
LARGE_INTEGER g_CmCookie;

NTSTATUS RtCallback(PVOID Context, PVOID Arg1, PVOID Arg2)
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Arg1;
    PREG_POST_OPERATION_INFORMATION post;
    PRT_EVENT ev;
    KIRQL irql;

    UNREFERENCED_PARAMETER(Context);

    if (cls != RegNtPostCreateKeyEx)
        return STATUS_SUCCESS;

    post = (PREG_POST_OPERATION_INFORMATION)Arg2;

    ev = (PRT_EVENT)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(RT_EVENT), RT_TAG);
    if (ev == NULL)
        return STATUS_SUCCESS;

    ev->Pid = PsGetCurrentProcessId();
    ev->Status = post->Status;
    KeQuerySystemTime(&ev->Time);

    KeAcquireSpinLock(&g_EventsLock, &irql);
    if (g_EventCount < RT_MAX) {
        InsertTailList(&g_Events, &ev->Entry);
        g_EventCount++;
        ev = NULL;
    }
    KeReleaseSpinLock(&g_EventsLock, irql);

    if (ev != NULL)
        ExFreePoolWithTag(ev, RT_TAG);

    return STATUS_SUCCESS;
}

VOID RtUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    CmUnRegisterCallback(g_CmCookie);

    while (!IsListEmpty(&g_Events)) {
        PRT_EVENT ev = CONTAINING_RECORD(RemoveHeadList(&g_Events), RT_EVENT, Entry);
        DbgPrint("regtrace: pid %p status %08x\n", ev->Pid, ev->Status);
        ExFreePoolWithTag(ev, RT_TAG);
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING altitude;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlInitUnicodeString(&altitude, L"360000");

    status = CmRegisterCallbackEx(RtCallback, &altitude, DriverObject, NULL, &g_CmCookie, NULL);
    if (!NT_SUCCESS(status)) {
        DbgPrint("regtrace: CmRegisterCallbackEx -> %08x\n", status);
        return status;
    }

    InitializeListHead(&g_Events);
    KeInitializeSpinLock(&g_EventsLock);
    g_EventCount = 0;

    DriverObject->DriverUnload = RtUnload;
    return STATUS_SUCCESS;
}
