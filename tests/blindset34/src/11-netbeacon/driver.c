#include "netbeacon.h"

NB_GLOBALS g_Nb;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NbUnload;

static const WSK_CLIENT_DISPATCH g_NbWskDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    NULL
};

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, NbUnload)
#endif

_Use_decl_annotations_
VOID
NbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /* 1. stop the periodic timer and make sure its DPC is not running */
    KeCancelTimer(&g_Nb.Timer);
    KeFlushQueuedDpcs();

    /* 2. stop the worker and wait until it has really terminated */
    KeSetEvent(&g_Nb.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Nb.Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Nb.Thread);
    g_Nb.Thread = NULL;

    /* 3. the thread released the NPI and closed its socket */
    WskDeregister(&g_Nb.Registration);

    NB_LOG("unloaded: sent %ld, failed %ld", g_Nb.Sent, g_Nb.Failed);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WSK_CLIENT_NPI clientNpi;
    OBJECT_ATTRIBUTES oa;
    LARGE_INTEGER due;
    HANDLE threadHandle;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Nb, sizeof(g_Nb));
    g_Nb.IntervalMs = NB_INTERVAL_MS;
    g_Nb.Collector.sin_family = AF_INET;
    g_Nb.Collector.sin_port = RtlUshortByteSwap(NB_COLLECTOR_PORT);
    g_Nb.Collector.sin_addr.s_addr = NB_COLLECTOR_ADDR;

    /* everything the DPC and the thread touch exists before either can run */
    KeInitializeEvent(&g_Nb.StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&g_Nb.TickEvent, SynchronizationEvent, FALSE);
    KeInitializeTimerEx(&g_Nb.Timer, NotificationTimer);
    KeInitializeDpc(&g_Nb.Dpc, NbTimerDpc, &g_Nb);

    clientNpi.ClientContext = &g_Nb;
    clientNpi.Dispatch = &g_NbWskDispatch;
    status = WskRegister(&clientNpi, &g_Nb.Registration);
    if (!NT_SUCCESS(status)) {
        NB_LOG("WskRegister failed 0x%08X", status);
        return status;
    }

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&threadHandle, THREAD_ALL_ACCESS, &oa, NULL, NULL, NbThread, &g_Nb);
    if (!NT_SUCCESS(status)) {
        NB_LOG("PsCreateSystemThread failed 0x%08X", status);
        goto Deregister;
    }

    status = ObReferenceObjectByHandle(threadHandle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID*)&g_Nb.Thread, NULL);
    if (!NT_SUCCESS(status)) {
        /* cannot keep a pointer: stop the thread through its handle instead */
        KeSetEvent(&g_Nb.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(threadHandle, FALSE, NULL);
        ZwClose(threadHandle);
        goto Deregister;
    }
    ZwClose(threadHandle);

    /* last step: start ticking */
    due.QuadPart = -10000LL * g_Nb.IntervalMs;
    KeSetTimerEx(&g_Nb.Timer, due, (LONG)g_Nb.IntervalMs, &g_Nb.Dpc);

    DriverObject->DriverUnload = NbUnload;
    NB_LOG("started, beacon every %lu ms", g_Nb.IntervalMs);
    return STATUS_SUCCESS;

Deregister:
    WskDeregister(&g_Nb.Registration);
    return status;
}
