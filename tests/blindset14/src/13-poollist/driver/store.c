/*
 * store.c - the reference-counted record list
 */
#include "store.h"

static VOID PlFreeAll(PPL_CONTEXT Ctx)
{
    LIST_ENTRY detached;
    KIRQL irql;

    /* unlink under the lock, free outside it */
    InitializeListHead(&detached);
    KeAcquireSpinLock(&Ctx->Lock, &irql);
    while (!IsListEmpty(&Ctx->Records)) {
        InsertTailList(&detached, RemoveHeadList(&Ctx->Records));
    }
    Ctx->Count = 0;
    KeReleaseSpinLock(&Ctx->Lock, irql);

    while (!IsListEmpty(&detached)) {
        PPL_RECORD rec = CONTAINING_RECORD(RemoveHeadList(&detached), PL_RECORD, Link);
        ExFreePoolWithTag(rec, PL_TAG);
    }
}

PPL_CONTEXT PlCreate(VOID)
{
    PPL_CONTEXT ctx = (PPL_CONTEXT)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(PL_CONTEXT), PL_TAG);
    if (ctx == NULL) {
        return NULL;
    }
    ctx->RefCount = 1;
    KeInitializeSpinLock(&ctx->Lock);
    InitializeListHead(&ctx->Records);
    return ctx;
}

VOID PlReference(PPL_CONTEXT Ctx)
{
    InterlockedIncrement(&Ctx->RefCount);
}

VOID PlRelease(PPL_CONTEXT Ctx)
{
    if (InterlockedDecrement(&Ctx->RefCount) == 0) {
        PlFreeAll(Ctx);
        ExFreePoolWithTag(Ctx, PL_TAG);
    }
}

VOID PlAdd(PPL_CONTEXT Ctx, HANDLE Pid, HANDLE ParentPid, PCUNICODE_STRING Image)
{
    PPL_RECORD rec;
    PPL_RECORD evicted = NULL;
    KIRQL irql;

    rec = (PPL_RECORD)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(PL_RECORD), PL_TAG);
    if (rec == NULL) {
        return;
    }

    rec->Data.ProcessId = HandleToULong(Pid);
    rec->Data.ParentId = HandleToULong(ParentPid);
    KeQuerySystemTime((PLARGE_INTEGER)&rec->Data.CreateTime);
    if (Image != NULL && Image->Length > 0) {
        USHORT chars = Image->Length / sizeof(WCHAR);
        USHORT keep = (chars < PL_IMAGE_CHARS - 1) ? chars : (PL_IMAGE_CHARS - 1);
        RtlCopyMemory(rec->Data.Image, Image->Buffer + (chars - keep), keep * sizeof(WCHAR));
        rec->Data.Image[keep] = L'\0';
    }

    KeAcquireSpinLock(&Ctx->Lock, &irql);
    InsertTailList(&Ctx->Records, &rec->Link);
    if (++Ctx->Count > PL_MAX_RECORDS) {
        evicted = CONTAINING_RECORD(RemoveHeadList(&Ctx->Records), PL_RECORD, Link);
        Ctx->Count--;
    }
    KeReleaseSpinLock(&Ctx->Lock, irql);

    if (evicted != NULL) {
        ExFreePoolWithTag(evicted, PL_TAG);
    }
}

ULONG PlCopyOut(PPL_CONTEXT Ctx, PVOID Buffer, ULONG Length)
{
    PL_RECORD_OUT* out = (PL_RECORD_OUT*)Buffer;
    ULONG max = Length / sizeof(PL_RECORD_OUT);
    ULONG n = 0;
    PLIST_ENTRY e;
    KIRQL irql;

    KeAcquireSpinLock(&Ctx->Lock, &irql);
    for (e = Ctx->Records.Flink; e != &Ctx->Records && n < max; e = e->Flink) {
        out[n++] = CONTAINING_RECORD(e, PL_RECORD, Link)->Data;
    }
    KeReleaseSpinLock(&Ctx->Lock, irql);

    return n * sizeof(PL_RECORD_OUT);
}

ULONG PlCount(PPL_CONTEXT Ctx)
{
    return Ctx->Count;
}

VOID PlClear(PPL_CONTEXT Ctx)
{
    PlFreeAll(Ctx);
}
