#include "wfpmon.h"

static IO_WORKITEM_ROUTINE WmRecordWorker;

NTSTATUS
WmRecordsInitialize(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    ExInitializeNPagedLookasideList(&g_Wm.RecordPool, NULL, NULL, POOL_NX_ALLOCATION,
                                    WM_RECORD_HEADER_SIZE + IoSizeofWorkItem(), WM_TAG, 0);
    ExInitializeRundownProtection(&g_Wm.WorkRundown);
    return STATUS_SUCCESS;
}

//
// Waits for every queued work item to finish, then releases the pool.
// The callouts must already be unregistered.
//
VOID
WmRecordsUninitialize(VOID)
{
    ExWaitForRundownProtectionRelease(&g_Wm.WorkRundown);
    ExDeleteNPagedLookasideList(&g_Wm.RecordPool);
}

static VOID
WmRecordWorker(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_opt_ PVOID Context
    )
{
    PWM_RECORD record = (PWM_RECORD)Context;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (record == NULL) {
        return;
    }

    if (record->Family == 2 /* AF_INET */) {
        DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL,
                   "wfpmon: pid %I64u -> %u.%u.%u.%u:%u proto %u\n",
                   record->ProcessId,
                   record->RemoteAddress[0], record->RemoteAddress[1],
                   record->RemoteAddress[2], record->RemoteAddress[3],
                   record->RemotePort, record->Protocol);
    } else {
        DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL,
                   "wfpmon: pid %I64u -> [v6]:%u proto %u\n",
                   record->ProcessId, record->RemotePort, record->Protocol);
    }

    IoUninitializeWorkItem(WM_RECORD_WORKITEM(record));
    ExFreeToNPagedLookasideList(&g_Wm.RecordPool, record);
    ExReleaseRundownProtection(&g_Wm.WorkRundown);
}

//
// Called from classifyFn at IRQL <= DISPATCH_LEVEL.
//
VOID
WmRecordConnection(
    _In_ UINT8 Family,
    _In_reads_(AddressLength) const UINT8* RemoteAddress,
    _In_ ULONG AddressLength,
    _In_ UINT16 RemotePort,
    _In_ UINT8 Protocol,
    _In_ UINT64 ProcessId
    )
{
    PWM_RECORD record;

    InterlockedIncrement64(&g_Wm.Observed);

    if (!ExAcquireRundownProtection(&g_Wm.WorkRundown)) {
        return;
    }

    record = (PWM_RECORD)ExAllocateFromNPagedLookasideList(&g_Wm.RecordPool);
    if (record == NULL) {
        InterlockedIncrement64(&g_Wm.Dropped);
        ExReleaseRundownProtection(&g_Wm.WorkRundown);
        return;
    }

    RtlZeroMemory(record, sizeof(*record));
    record->Family = Family;
    record->RemotePort = RemotePort;
    record->Protocol = Protocol;
    record->ProcessId = ProcessId;
    RtlCopyMemory(record->RemoteAddress, RemoteAddress,
                  min(AddressLength, sizeof(record->RemoteAddress)));

    // run-down reference is released by the worker
    IoInitializeWorkItem(g_Wm.DeviceObject, WM_RECORD_WORKITEM(record));
    IoQueueWorkItem(WM_RECORD_WORKITEM(record), WmRecordWorker, DelayedWorkQueue, record);
}
