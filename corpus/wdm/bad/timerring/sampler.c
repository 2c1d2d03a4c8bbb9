/*
 * sampler.c - a legacy driver that samples the interrupt time every 10 ms
 * into a ring, from a periodic timer's DPC. KeSetTimerEx arms the timer
 * before the ring's helper initializes the lock and the buffer the DPC
 * uses, through the pointer it is given.
 */

#include <ntddk.h>

#define SAMPLER_TAG 'pmaS'
#define SAMPLER_SLOTS 256

typedef struct _SAMPLER_RING {
    KSPIN_LOCK Lock;
    PULONGLONG Slots;
    ULONG Next;
} SAMPLER_RING, *PSAMPLER_RING;

typedef struct _SAMPLER_STATE {
    KTIMER Timer;
    KDPC Dpc;
    SAMPLER_RING Ring;
} SAMPLER_STATE, *PSAMPLER_STATE;

static SAMPLER_STATE g_Sampler;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SamplerUnload;
KDEFERRED_ROUTINE SamplerDpc;

static NTSTATUS
SamplerRingInit(
    _Out_ PSAMPLER_RING Ring
    )
{
    KeInitializeSpinLock(&Ring->Lock);
    Ring->Next = 0;
    Ring->Slots = (PULONGLONG)ExAllocatePool2(POOL_FLAG_NON_PAGED, SAMPLER_SLOTS * sizeof(ULONGLONG), SAMPLER_TAG);
    return Ring->Slots != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

static VOID
SamplerRingPush(
    _Inout_ PSAMPLER_RING Ring,
    _In_ ULONGLONG Value
    )
{
    KeAcquireSpinLockAtDpcLevel(&Ring->Lock);
    Ring->Slots[Ring->Next] = Value;
    Ring->Next = (Ring->Next + 1) % SAMPLER_SLOTS;
    KeReleaseSpinLockFromDpcLevel(&Ring->Lock);
}

VOID
SamplerDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    PSAMPLER_STATE state = (PSAMPLER_STATE)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    SamplerRingPush(&state->Ring, KeQueryInterruptTime());
}

VOID
SamplerUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeCancelTimer(&g_Sampler.Timer);
    KeFlushQueuedDpcs();
    ExFreePoolWithTag(g_Sampler.Ring.Slots, SAMPLER_TAG);
}

NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    LARGE_INTEGER due;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeTimerEx(&g_Sampler.Timer, NotificationTimer);
    KeInitializeDpc(&g_Sampler.Dpc, SamplerDpc, &g_Sampler);

    due.QuadPart = -10 * 1000 * 10;
    KeSetTimerEx(&g_Sampler.Timer, due, 10, &g_Sampler.Dpc); // expect: DE014

    status = SamplerRingInit(&g_Sampler.Ring);
    if (!NT_SUCCESS(status)) {
        KeCancelTimer(&g_Sampler.Timer);
        KeFlushQueuedDpcs();
        return status;
    }

    DriverObject->DriverUnload = SamplerUnload;
    return STATUS_SUCCESS;
}
