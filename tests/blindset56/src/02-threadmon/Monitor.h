#pragma once

#include <ntddk.h>
#include "common.h"

#define THM_TAG        'mhTT'
#define THM_MAX_ITEMS  2048

#define LOG(fmt, ...)  KdPrint(("[ThreadMon] " fmt "\n", __VA_ARGS__))

// one lookaside for everything, so the pool entry is a union of the item kinds
union AnyItem {
    ItemHeader Header;
    ThreadItem Thread;
    ImageItem  Image;
};

struct QueuedItem {
    LIST_ENTRY Entry;
    AnyItem    Data;
};

class SpinLockGuard {
public:
    explicit SpinLockGuard(KSPIN_LOCK& lock) : m_Lock(lock) {
        KeAcquireSpinLock(&m_Lock, &m_Irql);
    }
    ~SpinLockGuard() {
        KeReleaseSpinLock(&m_Lock, m_Irql);
    }
    SpinLockGuard(const SpinLockGuard&) = delete;
    SpinLockGuard& operator=(const SpinLockGuard&) = delete;

private:
    KSPIN_LOCK& m_Lock;
    KIRQL       m_Irql;
};

class Monitor {
public:
    static NTSTATUS Start();
    static void     Stop();

    static ULONG    Read(_Out_writes_bytes_(Size) PUCHAR Buffer, ULONG Size);
    static void     Clear();

    static ULONG    Count() { return s_Count; }

private:
    static void OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);
    static void OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

    static QueuedItem* Alloc();
    static void        Push(QueuedItem* Item);

    static KSPIN_LOCK            s_Lock;
    static LIST_ENTRY            s_Head;
    static ULONG                 s_Count;
    static NPAGED_LOOKASIDE_LIST s_Pool;
    static bool                  s_Started;
};
