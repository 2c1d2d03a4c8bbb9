/*++

Module Name:

    worker.c

Abstract:

    The KSyslog worker thread.

    Lifetime: WlStartWorker creates the thread and takes a reference on its
    thread object; WlStopWorker signals StopEvent, waits for the thread object
    and drops the reference. The thread itself captures and releases the WSK
    provider NPI and opens and closes the socket, so when WlStopWorker
    returns no WSK resource is held any more.

Environment:

    Kernel mode

--*/

#include "wsklog.h"

static KSTART_ROUTINE WlWorkerMain;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, WlStartWorker)
#pragma alloc_text(PAGE, WlStopWorker)
#pragma alloc_text(PAGE, WlWorkerMain)
#endif

static BOOLEAN
WlStopRequested(
    _In_ PWL_GLOBALS Globals
    )
{
    return KeReadStateEvent(&Globals->StopEvent) != 0;
}

static PWL_MESSAGE
WlDequeue(
    _Inout_ PWL_GLOBALS Globals
    )
{
    PLIST_ENTRY le = NULL;
    KIRQL irql;

    KeAcquireSpinLock(&Globals->QueueLock, &irql);
    if (!IsListEmpty(&Globals->Queue)) {
        le = RemoveHeadList(&Globals->Queue);
        Globals->QueueDepth--;
    }
    KeReleaseSpinLock(&Globals->QueueLock, irql);

    return (le != NULL) ? CONTAINING_RECORD(le, WL_MESSAGE, Link) : NULL;
}

static VOID
WlSendPending(
    _Inout_ PWL_GLOBALS Globals,
    _In_ PWSK_SOCKET Socket
    )
{
    PWL_MESSAGE msg;
    NTSTATUS status;

    while (!WlStopRequested(Globals) && (msg = WlDequeue(Globals)) != NULL) {
        status = WlSocketSendTo(Socket, &Globals->Collector, msg->Text, msg->Length);
        if (NT_SUCCESS(status)) {
            InterlockedIncrement(&Globals->Sent);
        } else {
            InterlockedIncrement(&Globals->Dropped);
        }
        ExFreeToNPagedLookasideList(&Globals->MessageLookaside, msg);
    }
}

static
_Use_decl_annotations_
VOID
WlWorkerMain(
    PVOID StartContext
    )
{
    PWL_GLOBALS globals = (PWL_GLOBALS)StartContext;
    WSK_PROVIDER_NPI npi;
    BOOLEAN captured = FALSE;
    PWSK_SOCKET socket = NULL;
    NTSTATUS status;
    PVOID waitObjects[2];
    LARGE_INTEGER timeout;
    PLARGE_INTEGER pTimeout = NULL;
    ULONG sequence = 0;

    PAGED_CODE();

    //
    // The provider NPI may not be available yet early in boot. Wait in
    // bounded slices so a stop request is honoured within a second.
    //
    while (!captured) {
        status = WskCaptureProviderNPI(&globals->Registration, WL_CAPTURE_WAIT_MS, &npi);
        if (NT_SUCCESS(status)) {
            captured = TRUE;
        } else if (status != STATUS_DEVICE_NOT_READY) {
            WL_ERR("WskCaptureProviderNPI 0x%08X", status);
            goto Exit;
        } else if (WlStopRequested(globals)) {
            goto Exit;
        }
    }

    status = WlSocketOpen(&npi, &socket);
    if (!NT_SUCCESS(status)) {
        WL_ERR("WlSocketOpen 0x%08X", status);
        goto Exit;
    }

    waitObjects[0] = &globals->StopEvent;
    waitObjects[1] = &globals->WakeEvent;

    if (globals->HeartbeatSec != 0) {
        timeout.QuadPart = -10000000LL * (LONGLONG)globals->HeartbeatSec;
        pTimeout = &timeout;
    }

    WlSendPending(globals, socket);

    for (;;) {
        status = KeWaitForMultipleObjects(2, waitObjects, WaitAny, Executive, KernelMode,
                                          FALSE, pTimeout, NULL);
        if (status == STATUS_WAIT_0) {
            break;
        }
        if (status == STATUS_TIMEOUT) {
            WlQueueMessage(globals, 6, "heartbeat seq=%lu sent=%ld dropped=%ld",
                           ++sequence, globals->Sent, globals->Dropped);
        }
        WlSendPending(globals, socket);
    }

Exit:
    if (socket != NULL) {
        WlSocketClose(socket);
    }
    if (captured) {
        WskReleaseProviderNPI(&globals->Registration);
    }

    WL_LOG("worker exiting");
    PsTerminateSystemThread(STATUS_SUCCESS);
}

_Use_decl_annotations_
NTSTATUS
WlStartWorker(
    PWL_GLOBALS Globals
    )
{
    NTSTATUS status;
    HANDLE threadHandle = NULL;
    OBJECT_ATTRIBUTES oa;

    PAGED_CODE();

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);

    status = PsCreateSystemThread(&threadHandle, THREAD_ALL_ACCESS, &oa, NULL, NULL,
                                  WlWorkerMain, Globals);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(threadHandle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID *)&Globals->Worker, NULL);
    if (!NT_SUCCESS(status)) {
        //
        // The thread is running but we could not get a pointer to wait on.
        // Stop it through the handle instead, so the caller can tear down
        // the WSK registration safely.
        //
        Globals->Worker = NULL;
        KeSetEvent(&Globals->StopEvent, IO_NO_INCREMENT, FALSE);
        (VOID)ZwWaitForSingleObject(threadHandle, FALSE, NULL);
        ZwClose(threadHandle);
        return status;
    }

    ZwClose(threadHandle);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
WlStopWorker(
    PWL_GLOBALS Globals
    )
{
    PAGED_CODE();

    KeSetEvent(&Globals->StopEvent, IO_NO_INCREMENT, FALSE);

    if (Globals->Worker != NULL) {
        (VOID)KeWaitForSingleObject(Globals->Worker, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(Globals->Worker);
        Globals->Worker = NULL;
    }
}
