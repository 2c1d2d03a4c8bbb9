/*
 * tunables.c - legacy driver that keeps its service key open for its
 * lifetime, with a ring of trace records and a table of watched names, and
 * optional statistics for a diagnostics tool. DriverEntry frees what it has
 * not yet handed over at one exit label, each buffer under a test that it
 * is not NULL, and every path goes through it.
 *
 * BUG (DE010): when the name table cannot be allocated, DriverEntry jumps to
 * the label without setting `status`, frees the ring there and returns
 * ZwOpenKey's success: the driver stays loaded with no ring and no names,
 * and its unload closes the key as if all were well. The path where only
 * the optional statistics fail ends at the same label with the same status
 * and nothing left to free; that one is fine, and must not hide the other
 * (paths that reach such a label merge, but never one that frees something
 * with one that frees nothing).
 */

#include <ntddk.h>

#define TUN_TAG        'nuTT'
#define TUN_RING_SIZE  (16 * 1024)
#define TUN_NAMES_SIZE (4 * 1024)

typedef struct _TUN_STATS {
    volatile LONG Opens;
    volatile LONG Failures;
} TUN_STATS, *PTUN_STATS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TunUnload;

static HANDLE TunKey;
static PVOID TunRing;
static PVOID TunNames;
static PTUN_STATS TunStats;

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    OBJECT_ATTRIBUTES attributes;
    PUCHAR ring = NULL;
    PUCHAR names = NULL;
    PTUN_STATS stats;

    InitializeObjectAttributes(&attributes, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&TunKey, KEY_READ, &attributes);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->DriverUnload = TunUnload;

    ring = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, TUN_RING_SIZE, TUN_TAG);
    if (ring == NULL) {
        ZwClose(TunKey);
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto done;
    }
    names = (PUCHAR)ExAllocatePoolWithTag(PagedPool, TUN_NAMES_SIZE, TUN_TAG);
    if (names == NULL) {
        goto done;
    }
    RtlZeroMemory(ring, TUN_RING_SIZE);
    RtlZeroMemory(names, TUN_NAMES_SIZE);
    InterlockedExchangePointer(&TunRing, ring);
    InterlockedExchangePointer(&TunNames, names);
    ring = NULL;
    names = NULL;

    /* Optional: without statistics the driver runs uncounted. */
    stats = (PTUN_STATS)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(TUN_STATS), TUN_TAG);
    if (stats != NULL) {
        RtlZeroMemory(stats, sizeof(TUN_STATS));
        InterlockedExchangePointer((PVOID *)&TunStats, stats);
    }

done:
    if (names != NULL)
        ExFreePoolWithTag(names, TUN_TAG);
    if (ring != NULL)
        ExFreePoolWithTag(ring, TUN_TAG);
    return status;                                      // expect: DE010
}

VOID
TunUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (TunStats != NULL)
        ExFreePoolWithTag(TunStats, TUN_TAG);
    if (TunNames != NULL)
        ExFreePoolWithTag(TunNames, TUN_TAG);
    if (TunRing != NULL)
        ExFreePoolWithTag(TunRing, TUN_TAG);
    ZwClose(TunKey);
}
