// kmon.h - KMon: process / thread / image monitor with per-CPU counters
// and a process list that the "kmonctl" tool reads over IOCTL.
#pragma once

#include <ntifs.h>

#define IOCTL_KMON_GET_COUNTERS   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x890, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KMON_LIST_PROCESSES CTL_CODE(FILE_DEVICE_UNKNOWN, 0x891, METHOD_BUFFERED, FILE_READ_ACCESS)

namespace kmon {

constexpr ULONG kTag       = 'noMK';
constexpr ULONG kNameChars = 32;

constexpr const wchar_t* kDeviceName = L"\\Device\\KMon";
constexpr const wchar_t* kLinkName   = L"\\??\\KMon";

enum class Counter : int { Process = 0, Thread = 1, Image = 2 };

struct CpuCounters {
    volatile LONG64 Events[3];
};

// IOCTL_KMON_GET_COUNTERS output
struct CounterTotals {
    LONG64 Process;
    LONG64 Thread;
    LONG64 Image;
    ULONG  Cpus;
};

// IOCTL_KMON_LIST_PROCESSES output element
struct ProcessInfo {
    ULONG ProcessId;
    ULONG ParentId;
    WCHAR Name[kNameChars];
};

struct ProcEntry {
    LIST_ENTRY  Link;
    ProcessInfo Info;
};

struct Globals {
    PDEVICE_OBJECT Device;
    bool           LinkCreated;
    ULONG          CpuCount;
    CpuCounters**  PerCpu;
    FAST_MUTEX     ProcLock;
    LIST_ENTRY     Procs;
    ULONG          ProcCount;
};

extern Globals G;

template <typename T>
T* PoolAlloc(SIZE_T bytes, POOL_FLAGS flags = POOL_FLAG_NON_PAGED)
{
    return static_cast<T*>(ExAllocatePool2(flags, bytes, kTag));
}

inline void PoolFree(void* p)
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, kTag);
    }
}

inline void Bump(Counter c)
{
    ULONG cpu = KeGetCurrentProcessorNumberEx(nullptr);
    if (G.PerCpu != nullptr && cpu < G.CpuCount) {
        InterlockedIncrement64(&G.PerCpu[cpu]->Events[static_cast<int>(c)]);
    }
}

namespace notify {
void OnProcess(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO info);
void OnThread(HANDLE pid, HANDLE tid, BOOLEAN create);
void OnImage(PUNICODE_STRING name, HANDLE pid, PIMAGE_INFO info);
void ClearProcessList();
}

namespace ioctl {
NTSTATUS CreateClose(PDEVICE_OBJECT device, PIRP irp);
NTSTATUS Control(PDEVICE_OBJECT device, PIRP irp);
}

} // namespace kmon
