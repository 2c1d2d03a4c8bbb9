/*++

Copyright (c) Fourth Coffee Systems.  All rights reserved.

Module Name:

    worker.c

Abstract:

    Heartbeat scheduling: the periodic timer DPC, the work item that
    sends one heartbeat at PASSIVE_LEVEL, and the payload buffer.

Environment:

    Kernel mode.

--*/

#include "wskhb.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, HbWorkItemRoutine)
#pragma alloc_text(PAGE, HbAllocatePayload)
#pragma alloc_text(PAGE, HbFreePayload)
#pragma alloc_text(PAGE, HbStopWorker)
#endif


_Use_decl_annotations_
BOOLEAN
HbAllocatePayload(
    PHB_GLOBALS Globals
    )
/*++

Routine Description:

    Allocates the datagram buffer and the MDL describing it.

Return Value:

    TRUE on success.  On failure nothing stays allocated.

--*/
{
    PAGED_CODE();

    Globals->Payload = (PCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, HB_PAYLOAD_BYTES, HB_TAG);
    if (Globals->Payload == NULL) {
        return FALSE;
    }

    Globals->PayloadMdl = IoAllocateMdl(Globals->Payload, HB_PAYLOAD_BYTES, FALSE, FALSE, NULL);
    if (Globals->PayloadMdl == NULL) {
        ExFreePoolWithTag(Globals->Payload, HB_TAG);
        Globals->Payload = NULL;
        return FALSE;
    }

    MmBuildMdlForNonPagedPool(Globals->PayloadMdl);
    return TRUE;
}


_Use_decl_annotations_
VOID
HbFreePayload(
    PHB_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (Globals->PayloadMdl != NULL) {
        IoFreeMdl(Globals->PayloadMdl);
        Globals->PayloadMdl = NULL;
    }

    if (Globals->Payload != NULL) {
        ExFreePoolWithTag(Globals->Payload, HB_TAG);
        Globals->Payload = NULL;
    }
}


_Use_decl_annotations_
VOID
HbTimerDpc(
    PKDPC Dpc,
    PVOID DeferredContext,
    PVOID SystemArgument1,
    PVOID SystemArgument2
    )
/*++

Routine Description:

    Queues the heartbeat work item unless one is still outstanding (a
    slow send simply skips a tick) or the driver is stopping.

--*/
{
    PHB_GLOBALS globals = (PHB_GLOBALS)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    if (globals->Stopping) {
        return;
    }

    if (InterlockedCompareExchange(&globals->WorkQueued, 1, 0) != 0) {
        return;
    }

    KeClearEvent(&globals->WorkIdleEvent);

    //
    // The work item holds a reference on the anchor device, which keeps
    // the driver image loaded until the routine has returned.
    //
    IoQueueWorkItem(globals->WorkItem, HbWorkItemRoutine, DelayedWorkQueue, globals);
}


_Use_decl_annotations_
VOID
HbWorkItemRoutine(
    PDEVICE_OBJECT DeviceObject,
    PVOID Context
    )
{
    PHB_GLOBALS globals = (PHB_GLOBALS)Context;
    NTSTATUS status;
    size_t length;
    ULONG64 sequence;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(DeviceObject);

    if (!globals->Stopping) {

        status = HbWskEnsureSocket(globals);

        if (NT_SUCCESS(status)) {

            sequence = ++globals->Sequence;

            status = RtlStringCbPrintfA(globals->Payload,
                                        HB_PAYLOAD_BYTES,
                                        "HB1 %ws %I64u %I64u",
                                        globals->Config.NodeName,
                                        sequence,
                                        KeQueryInterruptTime());
            if (NT_SUCCESS(status)) {
                status = RtlStringCbLengthA(globals->Payload, HB_PAYLOAD_BYTES, &length);
            }

            if (NT_SUCCESS(status)) {
                status = HbWskSendHeartbeat(globals, (ULONG)length);
            }

            if (!NT_SUCCESS(status)) {
                HB_LOG("heartbeat %I64u not sent: 0x%08X", sequence, status);
            }

        } else if (status != STATUS_NOINTERFACE) {
            HB_LOG("socket setup failed 0x%08X", status);
        }
    }

    //
    // Signal idle before allowing the next DPC to queue another pass, so
    // a waiter never sees "idle" while an item is queued.
    //
    KeSetEvent(&globals->WorkIdleEvent, IO_NO_INCREMENT, FALSE);
    InterlockedExchange(&globals->WorkQueued, 0);
}


_Use_decl_annotations_
VOID
HbStopWorker(
    PHB_GLOBALS Globals
    )
/*++

Routine Description:

    Stops the timer, lets any in-flight DPC finish, and waits for the
    outstanding work item (if any) to return.

--*/
{
    PAGED_CODE();

    InterlockedExchange(&Globals->Stopping, 1);

    if (Globals->TimerStarted) {
        (VOID)KeCancelTimer(&Globals->Timer);
        Globals->TimerStarted = FALSE;
    }

    KeFlushQueuedDpcs();

    (VOID)KeWaitForSingleObject(&Globals->WorkIdleEvent,
                                Executive,
                                KernelMode,
                                FALSE,
                                NULL);
}
