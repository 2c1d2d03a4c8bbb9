//
// sampler.c - DPC side
//
#include "pacer.h"

VOID
PacerSampleDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    PPACER_RING ring = (PPACER_RING)DeferredContext;
    PPACER_SAMPLE s;
    LARGE_INTEGER freq;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    if (ring == NULL || !G.Sampling) {
        return;
    }

    // already at DISPATCH_LEVEL
    KeAcquireSpinLockAtDpcLevel(&G.RingLock);

    s = &ring->Samples[ring->Next];
    s->InterruptTime = KeQueryInterruptTime();
    s->Qpc = KeQueryPerformanceCounter(&freq).QuadPart;
    s->Cpu = KeGetCurrentProcessorNumberEx(NULL);
    ring->QpcFrequency = freq.QuadPart;

    ring->Next = (ring->Next + 1) % SAMPLE_COUNT;
    if (ring->Valid < SAMPLE_COUNT) {
        ring->Valid++;
    } else {
        G.Dropped++;
    }

    KeReleaseSpinLockFromDpcLevel(&G.RingLock);
}

VOID
PacerWatchdogDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeferredContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    // overlay went quiet; stop filling the ring (the timer keeps ticking, it's cheap)
    if (InterlockedExchange(&G.Sampling, 0) != 0) {
        TRACE("watchdog: overlay idle, sampling paused");
    }
}

VOID
PacerArmWatchdog(VOID)
{
    LARGE_INTEGER due;

    due.QuadPart = RELATIVE_MS(WATCHDOG_SECONDS * 1000);
    // KeSetTimer on an already-queued timer just moves it
    KeSetTimer(&G.WatchdogTimer, due, &G.WatchdogDpc);
    InterlockedExchange(&G.Sampling, 1);
}

NTSTATUS
PacerCopySnapshot(
    _Out_writes_bytes_(Length) PVOID Buffer,
    _In_ ULONG Length,
    _Out_ PULONG Written
    )
{
    KIRQL irql;

    *Written = 0;
    if (Length < sizeof(PACER_RING)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    KeAcquireSpinLock(&G.RingLock, &irql);
    RtlCopyMemory(Buffer, G.Ring, sizeof(PACER_RING));
    KeReleaseSpinLock(&G.RingLock, irql);

    *Written = sizeof(PACER_RING);
    return STATUS_SUCCESS;
}
