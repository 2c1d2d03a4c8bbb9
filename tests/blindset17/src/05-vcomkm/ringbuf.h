/*
 * ringbuf.h - byte ring used as the loopback line. Not synchronized: the
 * caller holds DEVICE_CONTEXT.Lock.
 */
#pragma once

typedef struct _VCOM_RING {
    PUCHAR  Base;
    SIZE_T  Size;
    SIZE_T  Head;       /* next write */
    SIZE_T  Tail;       /* next read */
    SIZE_T  Count;
} VCOM_RING, *PVCOM_RING;

VOID   VcomRingInit(_Out_ PVCOM_RING Ring, _In_ PUCHAR Buffer, _In_ SIZE_T Size);
SIZE_T VcomRingWrite(_Inout_ PVCOM_RING Ring, _In_reads_bytes_(Length) const UCHAR *Data, _In_ SIZE_T Length);
SIZE_T VcomRingRead(_Inout_ PVCOM_RING Ring, _Out_writes_bytes_(Length) PUCHAR Data, _In_ SIZE_T Length);
VOID   VcomRingPurge(_Inout_ PVCOM_RING Ring);

__inline SIZE_T VcomRingFree(_In_ PVCOM_RING Ring) { return Ring->Size - Ring->Count; }
