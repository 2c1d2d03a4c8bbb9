/*
 * dump.c - the ring buffer and the bug check callbacks.
 *
 * Callbacks run at HIGH_LEVEL with the system stopped: no locks, no
 * allocation, no pageable memory.
 */
#include "bcdump.h"

VOID
BcRingInit(
    _Out_ PBC_RING Ring,
    _In_  SIZE_T   Bytes
    )
{
    RtlZeroMemory(Ring, Bytes);
    Ring->Next     = 0;
    Ring->Capacity = (ULONG)((Bytes - FIELD_OFFSET(BC_RING, Records)) / sizeof(BC_RECORD));
}

VOID
BcLog(
    _In_   ULONG Code,
    _In_z_ PCSTR Text
    )
{
    PBC_RING ring = g_Bc.Ring;
    PBC_RECORD rec;
    LONG slot;

    if (ring == NULL || ring->Capacity == 0) {
        return;
    }

    slot = InterlockedIncrement(&ring->Next) - 1;
    rec  = &ring->Records[(ULONG)slot % ring->Capacity];

    KeQuerySystemTimePrecise(&rec->Time);
    rec->Cpu  = KeGetCurrentProcessorNumberEx(NULL);
    rec->Code = Code;
    RtlStringCbCopyA(rec->Text, sizeof(rec->Text), Text);
}

VOID
BcSecondaryDataCallback(
    _In_    KBUGCHECK_CALLBACK_REASON         Reason,
    _In_    struct _KBUGCHECK_REASON_CALLBACK_RECORD *Record,
    _Inout_ PVOID                             ReasonSpecificData,
    _In_    ULONG                             ReasonSpecificDataLength
    )
{
    PKBUGCHECK_SECONDARY_DUMP_DATA data = (PKBUGCHECK_SECONDARY_DUMP_DATA)ReasonSpecificData;
    ULONG bytes;

    UNREFERENCED_PARAMETER(Record);

    if (Reason != KbCallbackSecondaryDumpData ||
        ReasonSpecificDataLength < sizeof(KBUGCHECK_SECONDARY_DUMP_DATA) ||
        g_Bc.Ring == NULL) {
        return;
    }

    bytes = (ULONG)min(g_Bc.RingBytes, (SIZE_T)data->MaximumAllowed);

    /*
     * First pass (OutBuffer == NULL) only asks for the size; the system
     * may supply InBuffer for us to fill, otherwise point at the ring.
     */
    if (data->InBuffer != NULL && data->InBufferLength >= bytes) {
        RtlCopyMemory(data->InBuffer, g_Bc.Ring, bytes);
        data->OutBuffer = data->InBuffer;
    } else {
        data->OutBuffer = g_Bc.Ring;
    }
    data->OutBufferLength = bytes;
    data->Guid = BC_SECONDARY_GUID;
}

VOID
BcAddPagesCallback(
    _In_    KBUGCHECK_CALLBACK_REASON         Reason,
    _In_    struct _KBUGCHECK_REASON_CALLBACK_RECORD *Record,
    _Inout_ PVOID                             ReasonSpecificData,
    _In_    ULONG                             ReasonSpecificDataLength
    )
{
    PKBUGCHECK_ADD_PAGES pages = (PKBUGCHECK_ADD_PAGES)ReasonSpecificData;

    UNREFERENCED_PARAMETER(Record);

    if (Reason != KbCallbackAddPages ||
        ReasonSpecificDataLength < sizeof(KBUGCHECK_ADD_PAGES) ||
        g_Bc.Ring == NULL) {
        return;
    }

    /* one call, one virtually contiguous range: the whole ring */
    pages->Flags   = KB_ADD_PAGES_FLAG_VIRTUAL_ADDRESS;
    pages->Address = (ULONG_PTR)g_Bc.Ring;
    pages->Count   = (ULONG_PTR)(ADDRESS_AND_SIZE_TO_SPAN_PAGES(g_Bc.Ring, g_Bc.RingBytes));
}
