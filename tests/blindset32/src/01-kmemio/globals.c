#include "common.h"

//
// Driver wide state that the ioctl path needs.  Both objects use the
// default parent (the WDFDRIVER) so we never have to delete them by hand.
//
NTSTATUS
KmInitGlobals(VOID)
{
    NTSTATUS status;
    WDF_OBJECT_ATTRIBUTES attributes;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);

    status = WdfSpinLockCreate(&attributes, &g_Km.StatsLock);
    if (!NT_SUCCESS(status)) {
        KERR("WdfSpinLockCreate: 0x%08X", status);
        return status;
    }

    status = WdfCollectionCreate(WDF_NO_OBJECT_ATTRIBUTES, &g_Km.Targets);
    if (!NT_SUCCESS(status)) {
        KERR("WdfCollectionCreate: 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

BOOLEAN
KmIsTarget(
    _In_ ULONG ProcessId
    )
{
    ULONG i, count;
    BOOLEAN found = FALSE;

    WdfSpinLockAcquire(g_Km.StatsLock);

    count = WdfCollectionGetCount(g_Km.Targets);
    for (i = 0; i < count; i++) {
        WDFMEMORY mem = (WDFMEMORY)WdfCollectionGetItem(g_Km.Targets, i);
        PKM_ATTACH_REQUEST entry = (PKM_ATTACH_REQUEST)WdfMemoryGetBuffer(mem, NULL);
        if (entry->ProcessId == ProcessId) {
            found = TRUE;
            break;
        }
    }

    WdfSpinLockRelease(g_Km.StatsLock);
    return found;
}

NTSTATUS
KmAddTarget(
    _In_ ULONG ProcessId
    )
{
    NTSTATUS status;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFMEMORY mem;
    PKM_ATTACH_REQUEST entry;

    if (KmIsTarget(ProcessId)) {
        return STATUS_SUCCESS;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = g_Km.Targets;

    status = WdfMemoryCreate(&attributes, NonPagedPoolNx, KM_POOL_TAG,
                             sizeof(KM_ATTACH_REQUEST), &mem, (PVOID*)&entry);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    entry->ProcessId = ProcessId;

    WdfSpinLockAcquire(g_Km.StatsLock);
    if (WdfCollectionGetCount(g_Km.Targets) >= KM_MAX_TARGETS) {
        status = STATUS_QUOTA_EXCEEDED;
    } else {
        status = WdfCollectionAdd(g_Km.Targets, mem);
        if (NT_SUCCESS(status)) {
            g_Km.Stats.Targets++;
        }
    }
    WdfSpinLockRelease(g_Km.StatsLock);

    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(mem);
    }
    return status;
}
