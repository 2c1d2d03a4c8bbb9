/*
 * worker.c - beacon worker thread
 *
 * The thread owns the WSK provider NPI for its whole life:
 *
 *   capture NPI (bounded waits, so a stop request is noticed)
 *   loop: wait(interval | stop) -> connect, send, close
 *   release NPI, exit
 *
 * WbStopWorker signals the stop event and waits on the thread object,
 * so once it returns no code of this driver runs on that thread.
 */

#include "wskbeacon.h"

static KSTART_ROUTINE WbWorkerRoutine;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, WbStartWorker)
#pragma alloc_text(PAGE, WbStopWorker)
#pragma alloc_text(PAGE, WbWorkerRoutine)
#endif

static
ULONG
WbFormatBeacon(
    _Inout_ PWB_CONTEXT Ctx
    )
{
    ULONGLONG uptime100ns;
    size_t remaining = 0;
    NTSTATUS status;

    uptime100ns = KeQueryInterruptTime();

    status = RtlStringCbPrintfExA(Ctx->SendBuffer,
                                  WB_SEND_BUFFER_SIZE,
                                  NULL,
                                  &remaining,
                                  0,
                                  "BEACON %08lx %llu %lu\n",
                                  Ctx->Config.HostId,
                                  uptime100ns / 10000000ULL,
                                  Ctx->Sequence);
    if (!NT_SUCCESS(status)) {
        return 0;
    }

    return (ULONG)(WB_SEND_BUFFER_SIZE - remaining);
}

//
// Returns TRUE when the NPI was captured, FALSE when a stop was
// requested first (or the subsystem refuses the client version).
//
static
BOOLEAN
WbCaptureProvider(
    _Inout_ PWB_CONTEXT Ctx,
    _Out_ PWSK_PROVIDER_NPI Npi
    )
{
    LARGE_INTEGER zero;
    NTSTATUS status;

    zero.QuadPart = 0;

    for (;;) {
        status = WskCaptureProviderNPI(&Ctx->Registration, WB_CAPTURE_WAIT_MS, Npi);
        if (NT_SUCCESS(status)) {
            return TRUE;
        }

        if (status == STATUS_NOINTERFACE) {
            WbError("WSK version 1.0 not supported");
            return FALSE;
        }

        // STATUS_DEVICE_NOT_READY: not there yet; give up only on stop
        if (KeWaitForSingleObject(&Ctx->StopEvent, Executive, KernelMode,
                                  FALSE, &zero) == STATUS_SUCCESS) {
            return FALSE;
        }
    }
}

static
VOID
WbWorkerRoutine(
    _In_ PVOID StartContext
    )
{
    PWB_CONTEXT ctx = (PWB_CONTEXT)StartContext;
    WSK_PROVIDER_NPI npi;
    LARGE_INTEGER interval;
    ULONG length;
    NTSTATUS status;

    PAGED_CODE();

    if (!WbCaptureProvider(ctx, &npi)) {
        PsTerminateSystemThread(STATUS_SUCCESS);
    }

    interval.QuadPart = -((LONGLONG)ctx->Config.IntervalSeconds * 10 * 1000 * 1000);

    for (;;) {
        length = WbFormatBeacon(ctx);
        if (length != 0) {
            status = WbSendBeacon(&npi, ctx, length);
            if (NT_SUCCESS(status)) {
                ctx->Sequence++;
            } else {
                ctx->Failures++;
                WbError("beacon %lu failed: 0x%08X", ctx->Sequence, status);
            }
        }

        status = KeWaitForSingleObject(&ctx->StopEvent, Executive, KernelMode, FALSE, &interval);
        if (status == STATUS_SUCCESS) {
            break;      // stop requested
        }
        NT_ASSERT(status == STATUS_TIMEOUT);
    }

    WskReleaseProviderNPI(&ctx->Registration);

    PsTerminateSystemThread(STATUS_SUCCESS);
}

_Use_decl_annotations_
NTSTATUS
WbStartWorker(
    PWB_CONTEXT Ctx
    )
{
    OBJECT_ATTRIBUTES oa;
    HANDLE thread;
    NTSTATUS status;

    PAGED_CODE();

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);

    status = PsCreateSystemThread(&thread,
                                  THREAD_ALL_ACCESS,
                                  &oa,
                                  NULL,
                                  NULL,
                                  WbWorkerRoutine,
                                  Ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(thread,
                                       THREAD_ALL_ACCESS,
                                       *PsThreadType,
                                       KernelMode,
                                       (PVOID *)&Ctx->ThreadObject,
                                       NULL);
    if (!NT_SUCCESS(status)) {
        //
        // Cannot track the thread by object; stop it and wait on the
        // handle instead before reporting the failure.
        //
        KeSetEvent(&Ctx->StopEvent, IO_NO_INCREMENT, FALSE);
        (VOID)ZwWaitForSingleObject(thread, FALSE, NULL);
        ZwClose(thread);
        Ctx->ThreadObject = NULL;
        return status;
    }

    ZwClose(thread);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
WbStopWorker(
    PWB_CONTEXT Ctx
    )
{
    PAGED_CODE();

    KeSetEvent(&Ctx->StopEvent, IO_NO_INCREMENT, FALSE);

    if (Ctx->ThreadObject != NULL) {
        (VOID)KeWaitForSingleObject(Ctx->ThreadObject, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(Ctx->ThreadObject);
        Ctx->ThreadObject = NULL;
    }
}
