/*
 * wsk.c - WSK registration and the prober worker thread.
 */
#include "wskprobe.h"

static const WSK_CLIENT_DISPATCH WpClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    NULL
};

NTSTATUS
WpRegisterWsk(VOID)
{
    WSK_CLIENT_NPI clientNpi;

    clientNpi.ClientContext = &g_Probe;
    clientNpi.Dispatch      = &WpClientDispatch;

    return WskRegister(&clientNpi, &g_Probe.Registration);
}

VOID
WpDeregisterWsk(VOID)
{
    WskDeregister(&g_Probe.Registration);
}

VOID
WpQueueWork(
    _In_ PWSKPROBE_WORK Work
    )
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Probe.QueueLock, &irql);
    InsertTailList(&g_Probe.Queue, &Work->Link);
    KeReleaseSpinLock(&g_Probe.QueueLock, irql);

    KeSetEvent(&g_Probe.WorkEvent, IO_NO_INCREMENT, FALSE);
}

static PWSKPROBE_WORK
WpDequeueWork(VOID)
{
    PLIST_ENTRY entry = NULL;
    KIRQL irql;

    KeAcquireSpinLock(&g_Probe.QueueLock, &irql);
    if (!IsListEmpty(&g_Probe.Queue)) {
        entry = RemoveHeadList(&g_Probe.Queue);
    }
    KeReleaseSpinLock(&g_Probe.QueueLock, irql);

    return (entry != NULL) ? CONTAINING_RECORD(entry, WSKPROBE_WORK, Link) : NULL;
}

static IO_COMPLETION_ROUTINE WpSyncCompletion;

static NTSTATUS
WpSyncCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS
WpProbeOne(
    _In_ PWSKPROBE_REQUEST Request
    )
{
    SOCKADDR_IN local = { 0 };
    PWSK_SOCKET socket = NULL;
    KEVENT done;
    PIRP irp;
    NTSTATUS status;

    irp = IoAllocateIrp(1, FALSE);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    local.sin_family = AF_INET;

    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, WpSyncCompletion, &done, TRUE, TRUE, TRUE);

    status = g_Probe.ProviderNpi.Dispatch->WskSocketConnect(
                 g_Probe.ProviderNpi.Client,
                 SOCK_STREAM,
                 IPPROTO_TCP,
                 (PSOCKADDR)&local,
                 (PSOCKADDR)&Request->Target,
                 0, NULL, NULL, NULL, NULL, NULL,
                 irp);
    if (status == STATUS_PENDING) {
        LARGE_INTEGER timeout;
        timeout.QuadPart = -10000LL * (Request->TimeoutMs ? Request->TimeoutMs : 3000);
        if (KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, &timeout) == STATUS_TIMEOUT) {
            IoCancelIrp(irp);
            KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
        }
    }
    status = irp->IoStatus.Status;
    socket = (PWSK_SOCKET)irp->IoStatus.Information;

    if (NT_SUCCESS(status) && socket != NULL) {
        const WSK_PROVIDER_CONNECTION_DISPATCH *dispatch = socket->Dispatch;

        IoReuseIrp(irp, STATUS_UNSUCCESSFUL);
        KeResetEvent(&done);
        IoSetCompletionRoutine(irp, WpSyncCompletion, &done, TRUE, TRUE, TRUE);
        if (dispatch->WskCloseSocket(socket, irp) == STATUS_PENDING) {
            KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
        }
    }

    IoFreeIrp(irp);
    return status;
}

static KSTART_ROUTINE WpWorker;

static VOID
WpWorker(
    _In_ PVOID Context
    )
{
    PVOID waits[2];
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Context);

    /* The WSK subsystem may not be up yet at boot; that is why this is
       not done in DriverEntry.  Poll so that a stop request is seen. */
    for (;;) {
        status = WskCaptureProviderNPI(&g_Probe.Registration, 1000, &g_Probe.ProviderNpi);
        if (status != STATUS_NOINTERFACE || KeReadStateEvent(&g_Probe.StopEvent) != 0) {
            break;
        }
    }
    if (!NT_SUCCESS(status)) {
        KdPrint(("wskprobe: WskCaptureProviderNPI failed 0x%08X\n", status));
        PsTerminateSystemThread(status);
    }
    g_Probe.NpiCaptured = TRUE;

    waits[0] = &g_Probe.StopEvent;
    waits[1] = &g_Probe.WorkEvent;

    for (;;) {
        PWSKPROBE_WORK work;

        status = KeWaitForMultipleObjects(2, waits, WaitAny, Executive, KernelMode,
                                          FALSE, NULL, NULL);
        if (status == STATUS_WAIT_0) {
            break;
        }

        while ((work = WpDequeueWork()) != NULL) {
            NTSTATUS probeStatus = WpProbeOne(&work->Request);

            InterlockedIncrement((volatile LONG *)&g_Probe.Stats.Attempts);
            if (NT_SUCCESS(probeStatus)) {
                InterlockedIncrement((volatile LONG *)&g_Probe.Stats.Successes);
            } else {
                InterlockedIncrement((volatile LONG *)&g_Probe.Stats.Failures);
            }

            work->Irp->IoStatus.Status      = probeStatus;
            work->Irp->IoStatus.Information = 0;
            IoCompleteRequest(work->Irp, IO_NETWORK_INCREMENT);
            ExFreePoolWithTag(work, WSKPROBE_TAG);
        }
    }

    /* fail whatever is still queued */
    {
        PWSKPROBE_WORK work;
        while ((work = WpDequeueWork()) != NULL) {
            work->Irp->IoStatus.Status      = STATUS_CANCELLED;
            work->Irp->IoStatus.Information = 0;
            IoCompleteRequest(work->Irp, IO_NO_INCREMENT);
            ExFreePoolWithTag(work, WSKPROBE_TAG);
        }
    }

    WskReleaseProviderNPI(&g_Probe.Registration);
    g_Probe.NpiCaptured = FALSE;
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
WpStartWorker(VOID)
{
    HANDLE thread;
    NTSTATUS status;
    OBJECT_ATTRIBUTES oa;

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, &oa, NULL, NULL, WpWorker, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID *)&g_Probe.WorkerThread, NULL);
    if (!NT_SUCCESS(status)) {
        /* cannot track it: stop it and wait on the handle instead */
        KeSetEvent(&g_Probe.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
        g_Probe.WorkerThread = NULL;
    }

    ZwClose(thread);
    return status;
}

VOID
WpStopWorker(VOID)
{
    if (g_Probe.WorkerThread == NULL) {
        return;
    }

    KeSetEvent(&g_Probe.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Probe.WorkerThread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Probe.WorkerThread);
    g_Probe.WorkerThread = NULL;
}
