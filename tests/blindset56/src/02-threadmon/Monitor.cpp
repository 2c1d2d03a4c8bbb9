#include "Monitor.h"

KSPIN_LOCK            Monitor::s_Lock;
LIST_ENTRY            Monitor::s_Head;
ULONG                 Monitor::s_Count;
NPAGED_LOOKASIDE_LIST Monitor::s_Pool;
bool                  Monitor::s_Started;

NTSTATUS Monitor::Start()
{
    KeInitializeSpinLock(&s_Lock);
    InitializeListHead(&s_Head);
    s_Count = 0;

    ExInitializeNPagedLookasideList(&s_Pool, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(QueuedItem), THM_TAG, 0);

    auto status = PsSetCreateThreadNotifyRoutine(OnThreadNotify);
    if (!NT_SUCCESS(status)) {
        LOG("PsSetCreateThreadNotifyRoutine failed (0x%08X)", status);
        ExDeleteNPagedLookasideList(&s_Pool);
        return status;
    }

    status = PsSetLoadImageNotifyRoutine(OnImageLoad);
    if (!NT_SUCCESS(status)) {
        LOG("PsSetLoadImageNotifyRoutine failed (0x%08X)", status);
        ExDeleteNPagedLookasideList(&s_Pool);
        return status;
    }

    s_Started = true;
    LOG("monitor started");
    return STATUS_SUCCESS;
}

void Monitor::Stop()
{
    if (!s_Started) {
        return;
    }

    PsRemoveCreateThreadNotifyRoutine(OnThreadNotify);

    // no more callbacks after this point, safe to tear the queue down
    Clear();
    ExDeleteNPagedLookasideList(&s_Pool);

    s_Started = false;
    LOG("monitor stopped");
}

QueuedItem* Monitor::Alloc()
{
    auto item = static_cast<QueuedItem*>(ExAllocateFromNPagedLookasideList(&s_Pool));
    if (item) {
        RtlZeroMemory(item, sizeof(*item));
    }
    return item;
}

void Monitor::Push(QueuedItem* Item)
{
    QueuedItem* old = nullptr;
    {
        SpinLockGuard guard(s_Lock);
        if (s_Count >= THM_MAX_ITEMS) {
            old = CONTAINING_RECORD(RemoveHeadList(&s_Head), QueuedItem, Entry);
            s_Count--;
        }
        InsertTailList(&s_Head, &Item->Entry);
        s_Count++;
    }
    if (old) {
        ExFreeToNPagedLookasideList(&s_Pool, old);
    }
}

void Monitor::OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    auto item = Alloc();
    if (!item) {
        return;
    }

    auto& t = item->Data.Thread;
    t.Type = Create ? ItemType::ThreadCreate : ItemType::ThreadExit;
    t.Size = sizeof(ThreadItem);
    KeQuerySystemTimePrecise(&t.Time);
    t.ProcessId = HandleToULong(ProcessId);
    t.ThreadId  = HandleToULong(ThreadId);

    Push(item);
}

void Monitor::OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    auto item = Alloc();
    if (!item) {
        return;
    }

    auto& img = item->Data.Image;
    img.Type = ItemType::ImageLoad;
    img.Size = sizeof(ImageItem);
    KeQuerySystemTimePrecise(&img.Time);
    img.ProcessId = HandleToULong(ProcessId);
    img.ImageBase = reinterpret_cast<ULONG_PTR>(ImageInfo->ImageBase);
    img.ImageSize = ImageInfo->ImageSize;
    img.Flags     = ImageInfo->SystemModeImage ? 1 : 0;

    if (FullImageName && FullImageName->Buffer) {
        auto len = min(static_cast<USHORT>(FullImageName->Length),
                       static_cast<USHORT>((THM_MAX_NAME - 1) * sizeof(WCHAR)));
        RtlCopyMemory(img.Name, FullImageName->Buffer, len);
        img.Name[len / sizeof(WCHAR)] = L'\0';
    }

    Push(item);
}

ULONG Monitor::Read(_Out_writes_bytes_(Size) PUCHAR Buffer, ULONG Size)
{
    ULONG written = 0;

    for (;;) {
        QueuedItem* item = nullptr;
        {
            SpinLockGuard guard(s_Lock);
            if (IsListEmpty(&s_Head)) {
                break;
            }
            item = CONTAINING_RECORD(s_Head.Flink, QueuedItem, Entry);
            if (item->Data.Header.Size > Size - written) {
                break;                  // leave it for the next read
            }
            RemoveEntryList(&item->Entry);
            s_Count--;
        }

        RtlCopyMemory(Buffer + written, &item->Data, item->Data.Header.Size);
        written += item->Data.Header.Size;
        ExFreeToNPagedLookasideList(&s_Pool, item);
    }

    return written;
}

void Monitor::Clear()
{
    LIST_ENTRY local;
    InitializeListHead(&local);

    {
        SpinLockGuard guard(s_Lock);
        while (!IsListEmpty(&s_Head)) {
            InsertTailList(&local, RemoveHeadList(&s_Head));
        }
        s_Count = 0;
    }

    while (!IsListEmpty(&local)) {
        auto item = CONTAINING_RECORD(RemoveHeadList(&local), QueuedItem, Entry);
        ExFreeToNPagedLookasideList(&s_Pool, item);
    }
}
