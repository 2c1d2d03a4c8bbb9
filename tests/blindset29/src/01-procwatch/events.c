#include "procwatch.h"

VOID
PwPushEvent(
    _In_ PW_EVENT_TYPE Type,
    _In_ HANDLE Pid,
    _In_ HANDLE Other,
    _In_opt_ PCUNICODE_STRING Image
    )
{
    PPW_EVENT ev;
    PPW_EVENT dropped = NULL;

    ev = (PPW_EVENT)ExAllocateFromNPagedLookasideList(&g_Pw.EventPool);
    if (ev == NULL) {
        return;
    }
    RtlZeroMemory(ev, sizeof(*ev));

    ev->Data.Type = Type;
    ev->Data.ProcessId = HandleToULong(Pid);
    ev->Data.ParentOrThreadId = HandleToULong(Other);
    KeQuerySystemTimePrecise(&ev->Data.Time);

    if (Image != NULL && Image->Buffer != NULL) {
        // keep the tail of the path, that is the interesting part
        USHORT chars = Image->Length / sizeof(WCHAR);
        USHORT start = chars > (PW_IMAGE_CHARS - 1) ? chars - (PW_IMAGE_CHARS - 1) : 0;
        RtlCopyMemory(ev->Data.ImageName, Image->Buffer + start, (chars - start) * sizeof(WCHAR));
    }

    ExAcquireFastMutex(&g_Pw.ListLock);
    if (g_Pw.EventCount >= PW_MAX_EVENTS) {
        PLIST_ENTRY old = RemoveHeadList(&g_Pw.EventList);
        dropped = CONTAINING_RECORD(old, PW_EVENT, Link);
        g_Pw.EventCount--;
    }
    InsertTailList(&g_Pw.EventList, &ev->Link);
    g_Pw.EventCount++;
    ExReleaseFastMutex(&g_Pw.ListLock);

    if (dropped != NULL) {
        ExFreeToNPagedLookasideList(&g_Pw.EventPool, dropped);
    }
}

ULONG
PwCopyEvents(
    _Out_writes_bytes_(Length) PUCHAR Buffer,
    _In_ ULONG Length
    )
{
    ULONG copied = 0;

    ExAcquireFastMutex(&g_Pw.ListLock);
    while (!IsListEmpty(&g_Pw.EventList) && (Length - copied) >= sizeof(PW_EVENT_DATA)) {
        PLIST_ENTRY entry = RemoveHeadList(&g_Pw.EventList);
        PPW_EVENT ev = CONTAINING_RECORD(entry, PW_EVENT, Link);

        RtlCopyMemory(Buffer + copied, &ev->Data, sizeof(PW_EVENT_DATA));
        copied += sizeof(PW_EVENT_DATA);
        g_Pw.EventCount--;

        ExFreeToNPagedLookasideList(&g_Pw.EventPool, ev);
    }
    ExReleaseFastMutex(&g_Pw.ListLock);

    return copied;
}

VOID
PwFreeAllEvents(VOID)
{
    ExAcquireFastMutex(&g_Pw.ListLock);
    while (!IsListEmpty(&g_Pw.EventList)) {
        PLIST_ENTRY entry = RemoveHeadList(&g_Pw.EventList);
        ExFreeToNPagedLookasideList(&g_Pw.EventPool, CONTAINING_RECORD(entry, PW_EVENT, Link));
    }
    g_Pw.EventCount = 0;
    ExReleaseFastMutex(&g_Pw.ListLock);
}
