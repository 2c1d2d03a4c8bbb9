/*
 *  events.c - the event log.  Nonpaged lookaside for the entries, one spin lock
 *  over the list.  Push happens from the notify callback (PASSIVE), drain from
 *  the ioctl path (<= DISPATCH).
 */
#include "procwatch.h"

static NPAGED_LOOKASIDE_LIST s_Lookaside;
static LIST_ENTRY            s_List;
static KSPIN_LOCK            s_Lock;
static ULONG                 s_Count;

NTSTATUS
PwEventStoreInit(VOID)
{
    ExInitializeNPagedLookasideList(&s_Lookaside,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(PW_EVENT),
                                    PW_TAG,
                                    0);
    InitializeListHead(&s_List);
    KeInitializeSpinLock(&s_Lock);
    s_Count = 0;

    return STATUS_SUCCESS;
}

VOID
PwEventStoreDestroy(VOID)
{
    KIRQL       irql;
    PLIST_ENTRY entry;

    KeAcquireSpinLock(&s_Lock, &irql);
    while (!IsListEmpty(&s_List)) {
        entry = RemoveHeadList(&s_List);
        ExFreeToNPagedLookasideList(&s_Lookaside, CONTAINING_RECORD(entry, PW_EVENT, Link));
    }
    s_Count = 0;
    KeReleaseSpinLock(&s_Lock, irql);

    ExDeleteNPagedLookasideList(&s_Lookaside);
}

VOID
PwEventPush(
    _In_     HANDLE           ProcessId,
    _In_opt_ HANDLE           ParentId,
    _In_     BOOLEAN          Create,
    _In_opt_ PCUNICODE_STRING Image
    )
{
    PPW_EVENT   ev;
    PPW_EVENT   victim = NULL;
    KIRQL       irql;
    USHORT      chars;

    ev = (PPW_EVENT)ExAllocateFromNPagedLookasideList(&s_Lookaside);
    if (ev == NULL) {
        InterlockedIncrement((volatile LONG*)&g_Pw.Dropped);
        return;
    }

    RtlZeroMemory(ev, sizeof(*ev));
    ev->Record.ProcessId = (ULONG64)(ULONG_PTR)ProcessId;
    ev->Record.ParentId  = (ULONG64)(ULONG_PTR)ParentId;
    ev->Record.Create    = Create ? 1 : 0;
    KeQuerySystemTimePrecise(&ev->Record.Time);

    if (Image != NULL && Image->Buffer != NULL) {
        /* keep the tail, that's the interesting part of a path */
        chars = Image->Length / sizeof(WCHAR);
        if (chars > PW_IMAGE_CHARS - 1) {
            RtlCopyMemory(ev->Record.Image,
                          Image->Buffer + (chars - (PW_IMAGE_CHARS - 1)),
                          (PW_IMAGE_CHARS - 1) * sizeof(WCHAR));
        } else {
            RtlCopyMemory(ev->Record.Image, Image->Buffer, chars * sizeof(WCHAR));
        }
    }

    KeAcquireSpinLock(&s_Lock, &irql);
    InsertTailList(&s_List, &ev->Link);
    if (++s_Count > PW_MAX_EVENTS) {
        victim = CONTAINING_RECORD(RemoveHeadList(&s_List), PW_EVENT, Link);
        s_Count--;
    }
    KeReleaseSpinLock(&s_Lock, irql);

    if (victim != NULL) {
        InterlockedIncrement((volatile LONG*)&g_Pw.Dropped);
        ExFreeToNPagedLookasideList(&s_Lookaside, victim);
    }
}

ULONG
PwEventDrain(
    _Out_writes_(MaxRecords) PPW_RECORD Out,
    _In_ ULONG MaxRecords
    )
{
    KIRQL       irql;
    ULONG       n = 0;
    LIST_ENTRY  batch;
    PPW_EVENT   ev;

    InitializeListHead(&batch);

    KeAcquireSpinLock(&s_Lock, &irql);
    while (n < MaxRecords && !IsListEmpty(&s_List)) {
        ev = CONTAINING_RECORD(RemoveHeadList(&s_List), PW_EVENT, Link);
        Out[n++] = ev->Record;
        InsertTailList(&batch, &ev->Link);
        s_Count--;
    }
    KeReleaseSpinLock(&s_Lock, irql);

    while (!IsListEmpty(&batch)) {
        ev = CONTAINING_RECORD(RemoveHeadList(&batch), PW_EVENT, Link);
        ExFreeToNPagedLookasideList(&s_Lookaside, ev);
    }
    return n;
}

ULONG
PwEventCount(VOID)
{
    return s_Count;
}
