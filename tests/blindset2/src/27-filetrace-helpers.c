/*
 * filetrace - global buffer management.
 */
#include "27-filetrace.h"

FT_GLOBALS g_Ft;

NTSTATUS
FtAllocateGlobals(
    _In_ ULONG ScratchBytes
    )
{
    g_Ft.Ring = (PFT_RING)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(FT_RING), FT_TAG);
    if (g_Ft.Ring == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeSpinLock(&g_Ft.Ring->Lock);

    if (ScratchBytes == 0 || ScratchBytes > 1024 * 1024) {
        ScratchBytes = 64 * 1024;
    }
    g_Ft.Scratch = (PUCHAR)ExAllocatePool2(POOL_FLAG_PAGED, ScratchBytes, FT_TAG);
    if (g_Ft.Scratch == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_Ft.ScratchBytes = ScratchBytes;
    return STATUS_SUCCESS;
}

VOID
FtFreeGlobals(VOID)
{
    if (g_Ft.Scratch != NULL) {
        ExFreePoolWithTag(g_Ft.Scratch, FT_TAG);
        g_Ft.Scratch = NULL;
    }
    if (g_Ft.Ring != NULL) {
        ExFreePoolWithTag(g_Ft.Ring, FT_TAG);
        g_Ft.Ring = NULL;
    }
}

VOID
FtRecord(
    _In_ ULONG Kind
    )
{
    KIRQL irql;
    PFT_EVENT ev;

    if (g_Ft.Ring == NULL) {
        return;
    }
    KeAcquireSpinLock(&g_Ft.Ring->Lock, &irql);
    ev = &g_Ft.Ring->Events[g_Ft.Ring->Head];
    KeQuerySystemTimePrecise(&ev->Time);
    ev->Pid = PsGetCurrentProcessId();
    ev->Kind = Kind;
    g_Ft.Ring->Head = (g_Ft.Ring->Head + 1) % FT_RING_ENTRIES;
    if (g_Ft.Ring->Count < FT_RING_ENTRIES) {
        g_Ft.Ring->Count++;
    }
    KeReleaseSpinLock(&g_Ft.Ring->Lock, irql);
}
