/*
 * percpu.c - per-processor rings, LBR enable/disable broadcast, hot-add and
 * NMI hooks.
 */
#include "lbrdbg.h"

typedef VOID (NTAPI *PFN_KE_GENERIC_CALL_DPC)(PKDEFERRED_ROUTINE Routine, PVOID Context);
typedef VOID (NTAPI *PFN_KE_SIGNAL_CALL_DPC_DONE)(PVOID SystemArgument1);
typedef LOGICAL (NTAPI *PFN_KE_SIGNAL_CALL_DPC_SYNCHRONIZE)(PVOID SystemArgument2);

typedef struct _LBR_BROADCAST {
    BOOLEAN         Enable;
    volatile LONG   Failures;
} LBR_BROADCAST, *PLBR_BROADCAST;

static PFN_KE_GENERIC_CALL_DPC            s_KeGenericCallDpc;
static PFN_KE_SIGNAL_CALL_DPC_DONE        s_KeSignalCallDpcDone;
static PFN_KE_SIGNAL_CALL_DPC_SYNCHRONIZE s_KeSignalCallDpcSynchronize;
static BOOLEAN                            s_Resolved;

static VOID
LbrResolveGenericCall(
    VOID
    )
{
    UNICODE_STRING name;

    if (s_Resolved) {
        return;
    }

    RtlInitUnicodeString(&name, L"KeGenericCallDpc");
    s_KeGenericCallDpc = (PFN_KE_GENERIC_CALL_DPC)MmGetSystemRoutineAddress(&name);
    RtlInitUnicodeString(&name, L"KeSignalCallDpcDone");
    s_KeSignalCallDpcDone = (PFN_KE_SIGNAL_CALL_DPC_DONE)MmGetSystemRoutineAddress(&name);
    RtlInitUnicodeString(&name, L"KeSignalCallDpcSynchronize");
    s_KeSignalCallDpcSynchronize = (PFN_KE_SIGNAL_CALL_DPC_SYNCHRONIZE)MmGetSystemRoutineAddress(&name);

    if (s_KeGenericCallDpc == NULL || s_KeSignalCallDpcDone == NULL ||
        s_KeSignalCallDpcSynchronize == NULL) {
        s_KeGenericCallDpc = NULL;
    }
    s_Resolved = TRUE;
}

PLBR_CPU
LbrCurrentCpu(
    VOID
    )
{
    ULONG index = KeGetCurrentProcessorNumberEx(NULL);

    if (g_Lbr.Cpus == NULL || index >= g_Lbr.CpuCount) {
        return NULL;
    }
    return &g_Lbr.Cpus[index];
}

static VOID
LbrApplyLocal(
    _Inout_ PLBR_BROADCAST Broadcast
    )
{
    PLBR_CPU cpu = LbrCurrentCpu();
    ULONG64 ctl;

    if (cpu == NULL) {
        InterlockedIncrement(&Broadcast->Failures);
        return;
    }

    __try {
        if (Broadcast->Enable) {
            ctl = __readmsr(MSR_IA32_DEBUGCTL);
            cpu->SavedDebugCtl = ctl;
            ctl |= DEBUGCTL_LBR;
            if (g_Lbr.FreezeOnPmi) {
                ctl |= DEBUGCTL_FREEZE_LBRS_ON_PMI;
            }
            __writemsr(MSR_LBR_SELECT, 0);
            __writemsr(MSR_IA32_DEBUGCTL, ctl);
            cpu->Enabled = TRUE;
        } else if (cpu->Enabled) {
            __writemsr(MSR_IA32_DEBUGCTL, cpu->SavedDebugCtl);
            cpu->Enabled = FALSE;
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        InterlockedIncrement(&Broadcast->Failures);
    }
}

static VOID
LbrBroadcastDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    UNREFERENCED_PARAMETER(Dpc);

    LbrApplyLocal((PLBR_BROADCAST)DeferredContext);

    s_KeSignalCallDpcSynchronize(SystemArgument2);
    s_KeSignalCallDpcDone(SystemArgument1);
}

static ULONG_PTR
LbrBroadcastIpi(
    _In_ ULONG_PTR Argument
    )
{
    LbrApplyLocal((PLBR_BROADCAST)Argument);
    return 0;
}

static NTSTATUS
LbrBroadcast(
    _In_ BOOLEAN Enable
    )
{
    LBR_BROADCAST broadcast;

    broadcast.Enable = Enable;
    broadcast.Failures = 0;

    LbrResolveGenericCall();

    if (s_KeGenericCallDpc != NULL) {
        s_KeGenericCallDpc(LbrBroadcastDpc, &broadcast);
    } else {
        KeIpiGenericCall(LbrBroadcastIpi, (ULONG_PTR)&broadcast);
    }

    return (broadcast.Failures == 0) ? STATUS_SUCCESS : STATUS_NOT_SUPPORTED;
}

_Use_decl_annotations_
NTSTATUS
LbrAllocatePerCpu(
    PLBR_INIT_CONTEXT Context
    )
{
    PHYSICAL_ADDRESS low;
    PHYSICAL_ADDRESS high;
    PHYSICAL_ADDRESS boundary;
    ULONG count;
    ULONG i;
    NTSTATUS status;

    low.QuadPart = 0;
    high.QuadPart = -1;
    boundary.QuadPart = 0;

    count = KeQueryActiveProcessorCountEx(ALL_PROCESSOR_GROUPS);

    g_Lbr.Cpus = (PLBR_CPU)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                           (SIZE_T)count * sizeof(LBR_CPU),
                                           LBR_POOL_TAG);
    if (g_Lbr.Cpus == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_Lbr.CpuCount = count;

    for (i = 0; i < count; i++) {
        PLBR_CPU cpu = &g_Lbr.Cpus[i];

        status = KeGetProcessorNumberFromIndex(i, &cpu->Number);
        if (!NT_SUCCESS(status)) {
            LbrFreePerCpu(Context);
            return status;
        }

        cpu->Ring = (PLBR_RING)MmAllocateContiguousMemorySpecifyCache(sizeof(LBR_RING),
                                                                     low,
                                                                     high,
                                                                     boundary,
                                                                     MmCached);
        if (cpu->Ring == NULL) {
            LbrFreePerCpu(Context);
            return STATUS_INSUFFICIENT_RESOURCES;
        }

        RtlZeroMemory(cpu->Ring, sizeof(LBR_RING));
        cpu->RingPhysical = MmGetPhysicalAddress(cpu->Ring);
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LbrFreePerCpu(
    PLBR_INIT_CONTEXT Context
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(Context);

    if (g_Lbr.Cpus == NULL) {
        return;
    }

    for (i = 0; i < g_Lbr.CpuCount; i++) {
        if (g_Lbr.Cpus[i].Ring != NULL) {
            MmFreeContiguousMemory(g_Lbr.Cpus[i].Ring);
            g_Lbr.Cpus[i].Ring = NULL;
        }
    }

    ExFreePoolWithTag(g_Lbr.Cpus, LBR_POOL_TAG);
    g_Lbr.Cpus = NULL;
    g_Lbr.CpuCount = 0;
}

_Use_decl_annotations_
NTSTATUS
LbrEnableAll(
    PLBR_INIT_CONTEXT Context
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Context);

    status = LbrBroadcast(TRUE);
    if (!NT_SUCCESS(status)) {
        /* some processors refused the MSR write: put the others back */
        LbrBroadcast(FALSE);
    }
    return status;
}

_Use_decl_annotations_
VOID
LbrDisableAll(
    PLBR_INIT_CONTEXT Context
    )
{
    UNREFERENCED_PARAMETER(Context);
    LbrBroadcast(FALSE);
}

static VOID
LbrProcessorChange(
    _In_ PVOID CallbackContext,
    _In_ PKE_PROCESSOR_CHANGE_NOTIFY_CONTEXT ChangeContext,
    _Inout_ PNTSTATUS OperationStatus
    )
{
    UNREFERENCED_PARAMETER(CallbackContext);
    UNREFERENCED_PARAMETER(OperationStatus);

    if (ChangeContext->State == KeProcessorAddCompleteNotify) {
        /* rings were sized at load time; new processors are not traced */
        LbrPrint(DPFLTR_WARNING_LEVEL, "processor %lu added, not traced until reload\n",
                 ChangeContext->NtNumber);
    }
}

_Use_decl_annotations_
NTSTATUS
LbrRegisterProcessorCallback(
    PLBR_INIT_CONTEXT Context
    )
{
    UNREFERENCED_PARAMETER(Context);

    g_Lbr.ProcessorCallbackHandle = KeRegisterProcessorChangeCallback(LbrProcessorChange, NULL, 0);
    return (g_Lbr.ProcessorCallbackHandle != NULL) ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

_Use_decl_annotations_
VOID
LbrDeregisterProcessorCallback(
    PLBR_INIT_CONTEXT Context
    )
{
    UNREFERENCED_PARAMETER(Context);

    if (g_Lbr.ProcessorCallbackHandle != NULL) {
        KeDeregisterProcessorChangeCallback(g_Lbr.ProcessorCallbackHandle);
        g_Lbr.ProcessorCallbackHandle = NULL;
    }
}

static BOOLEAN
LbrNmiCallback(
    _In_opt_ PVOID Context,
    _In_ BOOLEAN Handled
    )
{
    PLBR_CPU cpu;
    LONG slot;

    UNREFERENCED_PARAMETER(Context);

    cpu = LbrCurrentCpu();
    if (cpu != NULL && cpu->Enabled && cpu->Ring != NULL) {
        slot = InterlockedIncrement(&cpu->Ring->Next) - 1;
        LbrCaptureLocal(&cpu->Ring->Slots[slot % LBR_RING_ENTRIES], 1);
        if (cpu->Ring->Count < LBR_RING_ENTRIES) {
            cpu->Ring->Count++;
        }
    }

    /* never claim the NMI, whoever raised it still has to see it */
    return Handled;
}

_Use_decl_annotations_
NTSTATUS
LbrRegisterNmi(
    PLBR_INIT_CONTEXT Context
    )
{
    UNREFERENCED_PARAMETER(Context);

    g_Lbr.NmiCallbackHandle = KeRegisterNmiCallback(LbrNmiCallback, NULL);
    return (g_Lbr.NmiCallbackHandle != NULL) ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

_Use_decl_annotations_
VOID
LbrDeregisterNmi(
    PLBR_INIT_CONTEXT Context
    )
{
    UNREFERENCED_PARAMETER(Context);

    if (g_Lbr.NmiCallbackHandle != NULL) {
        KeDeregisterNmiCallback(g_Lbr.NmiCallbackHandle);
        g_Lbr.NmiCallbackHandle = NULL;
    }
}

static VOID
LbrSnapshotDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    PLBR_CPU cpu = LbrCurrentCpu();
    ULONG reason = (ULONG)(ULONG_PTR)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);

    if (cpu != NULL && cpu->Enabled && cpu->Ring != NULL) {
        LONG slot = InterlockedIncrement(&cpu->Ring->Next) - 1;
        LbrCaptureLocal(&cpu->Ring->Slots[slot % LBR_RING_ENTRIES], reason);
        if (cpu->Ring->Count < LBR_RING_ENTRIES) {
            cpu->Ring->Count++;
        }
    }

    s_KeSignalCallDpcSynchronize(SystemArgument2);
    s_KeSignalCallDpcDone(SystemArgument1);
}

VOID
LbrSnapshotAll(
    _In_ ULONG Reason
    )
{
    LbrResolveGenericCall();
    if (s_KeGenericCallDpc != NULL) {
        s_KeGenericCallDpc(LbrSnapshotDpc, (PVOID)(ULONG_PTR)Reason);
    }
}
