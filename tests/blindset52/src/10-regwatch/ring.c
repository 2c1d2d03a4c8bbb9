/*
 * ring.c - fixed size record ring + config reads
 */
#include "regwatch.h"
#include "trace.h"
#include "ring.tmh"

NTSTATUS RwRingInit(_In_ ULONG Capacity)
{
    RW_RING *ring = &g_Rw.Ring;

    KeInitializeSpinLock(&ring->Lock);
    ring->Records = (PRW_RECORD)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                (SIZE_T)Capacity * sizeof(RW_RECORD), RW_TAG);
    if (ring->Records == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ring->Capacity = Capacity;
    ring->Head = 0;
    ring->Count = 0;
    ring->Overwritten = 0;
    return STATUS_SUCCESS;
}

VOID RwRingFree(VOID)
{
    if (g_Rw.Ring.Records != NULL) {
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "ring freed, %u records overwritten",
                    g_Rw.Ring.Overwritten);
        ExFreePoolWithTag(g_Rw.Ring.Records, RW_TAG);
        g_Rw.Ring.Records = NULL;
        g_Rw.Ring.Capacity = 0;
    }
}

VOID RwRingPush(_In_ const RW_RECORD* Rec)
{
    RW_RING *ring = &g_Rw.Ring;
    KIRQL irql;

    KeAcquireSpinLock(&ring->Lock, &irql);
    ring->Records[ring->Head] = *Rec;
    ring->Head = (ring->Head + 1) % ring->Capacity;
    if (ring->Count < ring->Capacity) {
        ring->Count++;
    } else {
        ring->Overwritten++;
    }
    KeReleaseSpinLock(&ring->Lock, irql);
}

ULONG RwRingPop(_Out_writes_(Max) PRW_RECORD Out, _In_ ULONG Max)
{
    RW_RING *ring = &g_Rw.Ring;
    ULONG n = 0;
    ULONG tail;
    KIRQL irql;

    KeAcquireSpinLock(&ring->Lock, &irql);
    while (n < Max && ring->Count > 0) {
        tail = (ring->Head + ring->Capacity - ring->Count) % ring->Capacity;
        Out[n++] = ring->Records[tail];
        ring->Count--;
    }
    KeReleaseSpinLock(&ring->Lock, irql);
    return n;
}

/* reads a REG_DWORD from our service key (the copy made in DriverEntry) */
ULONG RwReadDword(_In_ PCWSTR ValueName, _In_ ULONG Default)
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name;
    HANDLE key;
    ULONG buffer[(sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG) + sizeof(ULONG) - 1) / sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION kv = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG result = Default;
    ULONG len;
    NTSTATUS status;

    PAGED_CODE();

    RtlInitUnicodeString(&name, ValueName);
    InitializeObjectAttributes(&oa, &g_Rw.RegPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);

    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_DRIVER, "ZwOpenKey %wZ: %!STATUS!", &g_Rw.RegPath, status);
        return Default;
    }

    status = ZwQueryValueKey(key, &name, KeyValuePartialInformation, kv, sizeof(buffer), &len);
    if (NT_SUCCESS(status) && kv->Type == REG_DWORD && kv->DataLength == sizeof(ULONG)) {
        result = *(ULONG UNALIGNED *)kv->Data;
    }
    ZwClose(key);

    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_DRIVER, "%ws = %u", ValueName, result);
    return result;
}
