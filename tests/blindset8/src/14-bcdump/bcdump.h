/*
 * bcdump.h - crash-time flight recorder.
 *
 * Other components of the product log short records into a ring buffer
 * (exported BcLog); when the machine bug-checks the ring is written into
 * the dump as secondary data, and its pages are added to kernel dumps.
 */
#ifndef BCDUMP_H
#define BCDUMP_H

#include <ntddk.h>
#include <ntstrsafe.h>

#define BC_TAG              'pDcB'
#define BC_RING_BYTES       (64 * 1024)
#define BC_RECORD_BYTES     128
#define BC_COMPONENT        "bcdump"

/* {2F0B6E3A-91C4-4D58-A7E2-0C5D3B8F6A14} identifies our secondary data */
DEFINE_GUID(BC_SECONDARY_GUID,
    0x2f0b6e3a, 0x91c4, 0x4d58, 0xa7, 0xe2, 0x0c, 0x5d, 0x3b, 0x8f, 0x6a, 0x14);

typedef struct _BC_RECORD {
    LARGE_INTEGER   Time;
    ULONG           Cpu;
    ULONG           Code;
    CHAR            Text[BC_RECORD_BYTES - sizeof(LARGE_INTEGER) - 2 * sizeof(ULONG)];
} BC_RECORD, *PBC_RECORD;

#define BC_RING_RECORDS     (BC_RING_BYTES / sizeof(BC_RECORD))

typedef struct _BC_RING {
    volatile LONG   Next;
    ULONG           Capacity;
    BC_RECORD       Records[1];
} BC_RING, *PBC_RING;

typedef struct _BC_STATE {
    PBC_RING                            Ring;
    SIZE_T                              RingBytes;
    KBUGCHECK_REASON_CALLBACK_RECORD    SecondaryRecord;
    BOOLEAN                             SecondaryRegistered;
} BC_STATE, *PBC_STATE;

extern BC_STATE g_Bc;

/* dump.c */
KBUGCHECK_REASON_CALLBACK_ROUTINE BcSecondaryDataCallback;
KBUGCHECK_REASON_CALLBACK_ROUTINE BcAddPagesCallback;
VOID BcRingInit(_Out_ PBC_RING Ring, _In_ SIZE_T Bytes);

/* exported to the other drivers of the product */
__declspec(dllexport) VOID BcLog(_In_ ULONG Code, _In_z_ PCSTR Text);

#endif
