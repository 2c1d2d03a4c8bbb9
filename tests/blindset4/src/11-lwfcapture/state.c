/*
 * state.c - filter module list and capture ring of LwfCapture.
 */
#include "lwfcap.h"

NDIS_STATUS
LcInitializeCaptureState(VOID)
{
    InitializeListHead(&g_Lc.FilterModuleList);
    NdisAllocateSpinLock(&g_Lc.FilterListLock);
    NdisAllocateSpinLock(&g_Lc.RingLock);

    g_Lc.Ring = (PLC_RING)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(LC_RING), LC_TAG);
    if (g_Lc.Ring == NULL) {
        NdisFreeSpinLock(&g_Lc.RingLock);
        NdisFreeSpinLock(&g_Lc.FilterListLock);
        return NDIS_STATUS_RESOURCES;
    }
    return NDIS_STATUS_SUCCESS;
}

VOID
LcFreeCaptureState(VOID)
{
    if (g_Lc.Ring != NULL) {
        ExFreePoolWithTag(g_Lc.Ring, LC_TAG);
        g_Lc.Ring = NULL;
    }
    NdisFreeSpinLock(&g_Lc.RingLock);
    NdisFreeSpinLock(&g_Lc.FilterListLock);
}

VOID
LcRingAdd(_In_ PLC_FILTER_MODULE Module, _In_ PNET_BUFFER NetBuffer)
{
    LC_SNAPSHOT snap;
    PUCHAR      data;
    ULONG       length = NET_BUFFER_DATA_LENGTH(NetBuffer);
    ULONG       copy = min(length, LC_SNAP_BYTES);
    ULONG       slot;

    NdisZeroMemory(&snap, sizeof(snap));
    snap.IfIndex = Module->MiniportIfIndex;
    snap.FrameLength = length;
    KeQuerySystemTimePrecise(&snap.Time);

    data = (PUCHAR)NdisGetDataBuffer(NetBuffer, copy, snap.Bytes, 1, 0);
    if (data == NULL) {
        return;
    }
    if (data != snap.Bytes) {
        NdisMoveMemory(snap.Bytes, data, copy);
    }

    NdisDprAcquireSpinLock(&g_Lc.RingLock);
    if (g_Lc.Ring->Count == LC_RING_ENTRIES) {
        g_Lc.Ring->Dropped++;
    } else {
        slot = (g_Lc.Ring->Head + g_Lc.Ring->Count) % LC_RING_ENTRIES;
        g_Lc.Ring->Entries[slot] = snap;
        g_Lc.Ring->Count++;
    }
    NdisDprReleaseSpinLock(&g_Lc.RingLock);
}

ULONG
LcRingRead(_Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length)
{
    PLC_SNAPSHOT out = (PLC_SNAPSHOT)Buffer;
    ULONG max = Length / sizeof(LC_SNAPSHOT);
    ULONG n = 0;

    NdisAcquireSpinLock(&g_Lc.RingLock);
    while (n < max && g_Lc.Ring->Count > 0) {
        out[n++] = g_Lc.Ring->Entries[g_Lc.Ring->Head];
        g_Lc.Ring->Head = (g_Lc.Ring->Head + 1) % LC_RING_ENTRIES;
        g_Lc.Ring->Count--;
    }
    NdisReleaseSpinLock(&g_Lc.RingLock);

    return n * sizeof(LC_SNAPSHOT);
}
