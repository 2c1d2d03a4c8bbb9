#include "procmon.h"

VOID PmPushEvent(_In_ const PM_EVENT* Event)
{
    PPM_EVENT_ENTRY entry;
    KIRQL irql;

    entry = (PPM_EVENT_ENTRY)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                             sizeof(PM_EVENT_ENTRY),
                                             PROCMON_TAG);
    if (entry == NULL) {
        return;
    }
    entry->Event = *Event;

    KeAcquireSpinLock(&g_Pm.Lock, &irql);
    if (g_Pm.Count >= PROCMON_MAX_EVENTS) {
        PLIST_ENTRY oldest = RemoveHeadList(&g_Pm.Events);
        ExFreePoolWithTag(CONTAINING_RECORD(oldest, PM_EVENT_ENTRY, Link), PROCMON_TAG);
        g_Pm.Count--;
    }
    InsertTailList(&g_Pm.Events, &entry->Link);
    g_Pm.Count++;
    KeReleaseSpinLock(&g_Pm.Lock, irql);
}

ULONG PmPopEvents(_Out_writes_(MaxEvents) PPM_EVENT Buffer, _In_ ULONG MaxEvents)
{
    ULONG n = 0;
    KIRQL irql;

    KeAcquireSpinLock(&g_Pm.Lock, &irql);
    while (n < MaxEvents && !IsListEmpty(&g_Pm.Events)) {
        PLIST_ENTRY le = RemoveHeadList(&g_Pm.Events);
        PPM_EVENT_ENTRY entry = CONTAINING_RECORD(le, PM_EVENT_ENTRY, Link);
        Buffer[n++] = entry->Event;
        g_Pm.Count--;
        ExFreePoolWithTag(entry, PROCMON_TAG);
    }
    KeReleaseSpinLock(&g_Pm.Lock, irql);
    return n;
}

VOID PmFlushEvents(VOID)
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Pm.Lock, &irql);
    while (!IsListEmpty(&g_Pm.Events)) {
        PLIST_ENTRY le = RemoveHeadList(&g_Pm.Events);
        ExFreePoolWithTag(CONTAINING_RECORD(le, PM_EVENT_ENTRY, Link), PROCMON_TAG);
    }
    g_Pm.Count = 0;
    KeReleaseSpinLock(&g_Pm.Lock, irql);
}

VOID PmOnProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    PM_EVENT ev;

    UNREFERENCED_PARAMETER(Process);

    RtlZeroMemory(&ev, sizeof(ev));
    KeQuerySystemTimePrecise(&ev.Time);
    ev.ProcessId = HandleToULong(ProcessId);

    if (CreateInfo != NULL) {
        ev.Type = PmProcessCreate;
        ev.ParentOrThreadId = HandleToULong(CreateInfo->ParentProcessId);
    } else {
        ev.Type = PmProcessExit;
    }
    PmPushEvent(&ev);
}

VOID PmOnThreadNotify(_In_ HANDLE ProcessId, _In_ HANDLE ThreadId, _In_ BOOLEAN Create)
{
    PM_EVENT ev;

    RtlZeroMemory(&ev, sizeof(ev));
    KeQuerySystemTimePrecise(&ev.Time);
    ev.Type = Create ? PmThreadCreate : PmThreadExit;
    ev.ProcessId = HandleToULong(ProcessId);
    ev.ParentOrThreadId = HandleToULong(ThreadId);
    PmPushEvent(&ev);
}

VOID PmOnImageLoad(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo)
{
    PM_EVENT ev;

    UNREFERENCED_PARAMETER(FullImageName);

    RtlZeroMemory(&ev, sizeof(ev));
    KeQuerySystemTimePrecise(&ev.Time);
    ev.Type = PmImageLoad;
    ev.ProcessId = HandleToULong(ProcessId);
    ev.ImageBase = ImageInfo->ImageBase;
    ev.ImageSize = ImageInfo->ImageSize;
    PmPushEvent(&ev);
}
