/*
 * notify.c - the load-image callback and the history list behind it
 */
#include "imgnotify.h"

VOID
ImgLoadNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_     HANDLE          ProcessId,
    _In_     PIMAGE_INFO     ImageInfo
    )
{
    PIMG_ENTRY e;
    PIMG_ENTRY old = NULL;
    KIRQL      irql;
    USHORT     chars;

    e = (PIMG_ENTRY)ExAllocateFromLookasideListEx(&g_Img.Lookaside);
    if (e == NULL) {
        return;
    }
    RtlZeroMemory(e, sizeof(*e));

    e->Rec.ProcessId   = (ULONG64)(ULONG_PTR)ProcessId;
    e->Rec.ImageBase   = (ULONG64)(ULONG_PTR)ImageInfo->ImageBase;
    e->Rec.ImageSize   = ImageInfo->ImageSize;
    e->Rec.SystemImage = ImageInfo->SystemModeImage;

    if (FullImageName != NULL && FullImageName->Buffer != NULL) {
        chars = FullImageName->Length / sizeof(WCHAR);
        if (chars >= IMG_NAME_CHARS) {
            /* keep the file name end of the path */
            RtlCopyMemory(e->Rec.Name,
                          FullImageName->Buffer + (chars - (IMG_NAME_CHARS - 1)),
                          (IMG_NAME_CHARS - 1) * sizeof(WCHAR));
        } else {
            RtlCopyMemory(e->Rec.Name, FullImageName->Buffer, chars * sizeof(WCHAR));
        }
    }

    KeAcquireSpinLock(&g_Img.Lock, &irql);
    InsertTailList(&g_Img.History, &e->Link);
    if (++g_Img.Count > IMG_HISTORY) {
        old = CONTAINING_RECORD(RemoveHeadList(&g_Img.History), IMG_ENTRY, Link);
        g_Img.Count--;
    }
    KeReleaseSpinLock(&g_Img.Lock, irql);

    if (old != NULL) {
        ExFreeToLookasideListEx(&g_Img.Lookaside, old);
    }
}

VOID
ImgFlushHistory(VOID)
{
    KIRQL       irql;
    LIST_ENTRY  local;
    PLIST_ENTRY le;

    InitializeListHead(&local);

    KeAcquireSpinLock(&g_Img.Lock, &irql);
    while (!IsListEmpty(&g_Img.History)) {
        le = RemoveHeadList(&g_Img.History);
        InsertTailList(&local, le);
    }
    g_Img.Count = 0;
    KeReleaseSpinLock(&g_Img.Lock, irql);

    while (!IsListEmpty(&local)) {
        le = RemoveHeadList(&local);
        ExFreeToLookasideListEx(&g_Img.Lookaside, CONTAINING_RECORD(le, IMG_ENTRY, Link));
    }
}

ULONG
ImgCopyHistory(
    _Out_writes_(Max) PIMG_RECORD Out,
    _In_ ULONG Max
    )
{
    KIRQL       irql;
    PLIST_ENTRY le;
    ULONG       n = 0;

    /* newest first */
    KeAcquireSpinLock(&g_Img.Lock, &irql);
    for (le = g_Img.History.Blink; le != &g_Img.History && n < Max; le = le->Blink) {
        Out[n++] = CONTAINING_RECORD(le, IMG_ENTRY, Link)->Rec;
    }
    KeReleaseSpinLock(&g_Img.Lock, irql);

    return n;
}
