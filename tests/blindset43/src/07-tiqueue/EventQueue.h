#pragma once

#include <ntddk.h>
#include "tiqueue_shared.h"

#define TI_TAG            'QiTt'
#define TI_RING_CAPACITY  16384
#define TI_HEARTBEAT_MS   1000

#define TI_INFO(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "[ti] " fmt "\n", __VA_ARGS__)
#define TI_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[ti] " fmt "\n", __VA_ARGS__)

namespace ti {

template<typename T>
T* PoolAlloc(SIZE_T count, POOL_FLAGS flags = POOL_FLAG_NON_PAGED)
{
    return static_cast<T*>(ExAllocatePool2(flags, sizeof(T) * count, TI_TAG));
}

inline void PoolFree(void* p)
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, TI_TAG);
    }
}

class SpinGuard {
public:
    explicit SpinGuard(PKSPIN_LOCK lock) : m_Lock(lock) { KeAcquireSpinLock(m_Lock, &m_Irql); }
    ~SpinGuard() { KeReleaseSpinLock(m_Lock, m_Irql); }
private:
    PKSPIN_LOCK m_Lock;
    KIRQL       m_Irql;
};

class EventQueue {
public:
    static NTSTATUS Initialize(ULONG capacity);
    static void     StartHeartbeat(ULONG periodMs);
    static void     Destroy();

    static void     Push(TI_EVENT& ev);
    static ULONG    Pop(TI_EVENT* out, ULONG max);
    static void     Stats(TI_STATS* stats);

private:
    static KDEFERRED_ROUTINE OnHeartbeat;

    static TI_EVENT*      s_Ring;
    static ULONG          s_Capacity;
    static ULONG          s_Head;
    static ULONG          s_Count;
    static ULONG          s_Dropped;
    static volatile LONG  s_Seq;
    static KSPIN_LOCK     s_Lock;
    static KTIMER         s_Timer;
    static KDPC           s_Dpc;
};

class Sensors {
public:
    static NTSTATUS Start();
    static void     Stop();
private:
    static void OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
    static void OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);
    static void OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

    static bool s_Process;
    static bool s_Thread;
    static bool s_Image;
};

} // namespace ti
