#include <ntddk.h>
#include "ramlog.h"

NTSTATUS
RingInitialize(
    _Out_ PRING_BUFFER Ring,
    _In_ ULONG Size
    )
{
    RtlZeroMemory(Ring, sizeof(*Ring));
    KeInitializeSpinLock(&Ring->Lock);

    Ring->Data = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, Size, RAMLOG_TAG);
    if (Ring->Data == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Ring->Size = Size;
    return STATUS_SUCCESS;
}

VOID
RingFree(
    _Inout_ PRING_BUFFER Ring
    )
{
    if (Ring->Data != NULL) {
        ExFreePoolWithTag(Ring->Data, RAMLOG_TAG);
        Ring->Data = NULL;
    }
    Ring->Size = 0;
}

VOID
RingAppend(
    _Inout_ PRING_BUFFER Ring,
    _In_reads_bytes_(Length) const VOID *Data,
    _In_ ULONG Length
    )
{
    const UCHAR *src = (const UCHAR *)Data;
    KIRQL irql;
    ULONG i;

    KeAcquireSpinLock(&Ring->Lock, &irql);
    for (i = 0; i < Length; i++) {
        Ring->Data[Ring->Head] = src[i];
        Ring->Head = (Ring->Head + 1) % Ring->Size;
        if (Ring->Used < Ring->Size) {
            Ring->Used++;
        }
    }
    KeReleaseSpinLock(&Ring->Lock, irql);
}

ULONG
RingRead(
    _Inout_ PRING_BUFFER Ring,
    _Out_writes_bytes_(Length) PVOID Buffer,
    _In_ ULONG Length
    )
{
    PUCHAR dst = (PUCHAR)Buffer;
    KIRQL irql;
    ULONG tail;
    ULONG n;

    KeAcquireSpinLock(&Ring->Lock, &irql);
    n = min(Length, Ring->Used);
    tail = (Ring->Head + Ring->Size - Ring->Used) % Ring->Size;
    for (ULONG i = 0; i < n; i++) {
        dst[i] = Ring->Data[(tail + i) % Ring->Size];
    }
    Ring->Used -= n;
    KeReleaseSpinLock(&Ring->Lock, irql);
    return n;
}

VOID
RingReset(
    _Inout_ PRING_BUFFER Ring
    )
{
    KIRQL irql;
    KeAcquireSpinLock(&Ring->Lock, &irql);
    Ring->Head = 0;
    Ring->Used = 0;
    KeReleaseSpinLock(&Ring->Lock, irql);
}
