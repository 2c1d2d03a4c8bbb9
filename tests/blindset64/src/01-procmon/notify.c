//
// notify.c - process notify routine and the event queue behind it
//
#include "procmon.h"

VOID
PmQueueInit(VOID)
{
    ExInitializeFastMutex(&g_Pm.QueueLock);
    InitializeListHead(&g_Pm.QueueHead);
    g_Pm.QueueCount = 0;
    RtlZeroMemory(&g_Pm.Stats, sizeof(g_Pm.Stats));
}

static VOID
PmQueuePush(
    _In_ PPM_EVENT_NODE Node
    )
{
    PLIST_ENTRY old = NULL;

    ExAcquireFastMutex(&g_Pm.QueueLock);

    if (g_Pm.QueueCount >= PM_MAX_QUEUED) {
        // drop the oldest entry, the client is not keeping up
        old = RemoveHeadList(&g_Pm.QueueHead);
        g_Pm.QueueCount--;
        g_Pm.Stats.Dropped++;
    }

    InsertTailList(&g_Pm.QueueHead, &Node->Link);
    g_Pm.QueueCount++;
    g_Pm.Stats.Queued = g_Pm.QueueCount;

    if (Node->Event.Type == PmEventProcessCreate) {
        g_Pm.Stats.TotalCreates++;
    } else {
        g_Pm.Stats.TotalExits++;
    }

    ExReleaseFastMutex(&g_Pm.QueueLock);

    if (old != NULL) {
        ExFreePoolWithTag(CONTAINING_RECORD(old, PM_EVENT_NODE, Link), PM_TAG);
    }
}

ULONG
PmQueueDrain(
    _Out_writes_bytes_(Length) PVOID Buffer,
    _In_ ULONG Length
    )
{
    PUCHAR out = (PUCHAR)Buffer;
    ULONG copied = 0;

    ExAcquireFastMutex(&g_Pm.QueueLock);

    while (!IsListEmpty(&g_Pm.QueueHead) && (Length - copied) >= sizeof(PM_EVENT)) {
        PLIST_ENTRY entry = RemoveHeadList(&g_Pm.QueueHead);
        PPM_EVENT_NODE node = CONTAINING_RECORD(entry, PM_EVENT_NODE, Link);

        RtlCopyMemory(out + copied, &node->Event, sizeof(PM_EVENT));
        copied += sizeof(PM_EVENT);
        g_Pm.QueueCount--;

        ExFreePoolWithTag(node, PM_TAG);
    }
    g_Pm.Stats.Queued = g_Pm.QueueCount;

    ExReleaseFastMutex(&g_Pm.QueueLock);

    return copied;
}

VOID
PmQueueFlush(VOID)
{
    ExAcquireFastMutex(&g_Pm.QueueLock);

    while (!IsListEmpty(&g_Pm.QueueHead)) {
        PLIST_ENTRY entry = RemoveHeadList(&g_Pm.QueueHead);
        ExFreePoolWithTag(CONTAINING_RECORD(entry, PM_EVENT_NODE, Link), PM_TAG);
    }
    g_Pm.QueueCount = 0;
    g_Pm.Stats.Queued = 0;

    ExReleaseFastMutex(&g_Pm.QueueLock);
}

VOID
PmQueueGetStats(
    _Out_ PPM_STATS Stats
    )
{
    ExAcquireFastMutex(&g_Pm.QueueLock);
    *Stats = g_Pm.Stats;
    ExReleaseFastMutex(&g_Pm.QueueLock);
}

//
// Called at PASSIVE_LEVEL inside a critical region.
//
VOID
PmOnProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    PPM_EVENT_NODE node;

    UNREFERENCED_PARAMETER(Process);

    node = (PPM_EVENT_NODE)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(PM_EVENT_NODE), PM_TAG);
    if (node == NULL) {
        return;
    }

    node->Event.Size = sizeof(PM_EVENT);
    node->Event.ProcessId = HandleToULong(ProcessId);
    KeQuerySystemTimePrecise(&node->Event.Time);

    if (CreateInfo != NULL) {
        node->Event.Type = PmEventProcessCreate;
        node->Event.ParentId = HandleToULong(CreateInfo->ParentProcessId);
        node->Event.CreatorThreadId = HandleToULong(CreateInfo->CreatingThreadId.UniqueThread);

        if (CreateInfo->ImageFileName != NULL) {
            USHORT bytes = min(CreateInfo->ImageFileName->Length,
                               (USHORT)((PM_MAX_IMAGE_CHARS - 1) * sizeof(WCHAR)));
            RtlCopyMemory(node->Event.Image, CreateInfo->ImageFileName->Buffer, bytes);
            node->Event.Image[bytes / sizeof(WCHAR)] = L'\0';
        }

        PMLOG("create pid=%lu ppid=%lu %ws",
              node->Event.ProcessId, node->Event.ParentId, node->Event.Image);
    } else {
        node->Event.Type = PmEventProcessExit;
        PMLOG("exit pid=%lu", node->Event.ProcessId);
    }

    PmQueuePush(node);
}
