/*
 * ringbuf.c
 */
#include "vcom.h"

VOID
VcomRingInit(
    _Out_ PVCOM_RING Ring,
    _In_ PUCHAR Buffer,
    _In_ SIZE_T Size
    )
{
    Ring->Base = Buffer;
    Ring->Size = Size;
    Ring->Head = 0;
    Ring->Tail = 0;
    Ring->Count = 0;
}

SIZE_T
VcomRingWrite(
    _Inout_ PVCOM_RING Ring,
    _In_reads_bytes_(Length) const UCHAR *Data,
    _In_ SIZE_T Length
    )
{
    SIZE_T written = 0;

    while (written < Length && Ring->Count < Ring->Size) {
        SIZE_T chunk = min(Length - written, Ring->Size - Ring->Head);
        chunk = min(chunk, Ring->Size - Ring->Count);
        RtlCopyMemory(Ring->Base + Ring->Head, Data + written, chunk);
        Ring->Head = (Ring->Head + chunk) % Ring->Size;
        Ring->Count += chunk;
        written += chunk;
    }
    return written;
}

SIZE_T
VcomRingRead(
    _Inout_ PVCOM_RING Ring,
    _Out_writes_bytes_(Length) PUCHAR Data,
    _In_ SIZE_T Length
    )
{
    SIZE_T read = 0;

    while (read < Length && Ring->Count != 0) {
        SIZE_T chunk = min(Length - read, Ring->Size - Ring->Tail);
        chunk = min(chunk, Ring->Count);
        RtlCopyMemory(Data + read, Ring->Base + Ring->Tail, chunk);
        Ring->Tail = (Ring->Tail + chunk) % Ring->Size;
        Ring->Count -= chunk;
        read += chunk;
    }
    return read;
}

VOID
VcomRingPurge(
    _Inout_ PVCOM_RING Ring
    )
{
    Ring->Head = 0;
    Ring->Tail = 0;
    Ring->Count = 0;
}
