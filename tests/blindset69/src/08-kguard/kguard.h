#pragma once
#include <ntifs.h>

#define KG_TAG        'drGK'
#define KG_DEVICE     L"\\Device\\KGuard"
#define KG_LINK       L"\\??\\KGuard"
#define KG_RING_SIZE  64

#define IOCTL_KG_QUERY  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_DATA)

#define KG_LOG(...)   KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "kguard: " __VA_ARGS__))

typedef struct _KG_RECORD {
    ULONG ProcessId;
    ULONG ParentId;
    LARGE_INTEGER Time;
    BOOLEAN Create;
} KG_RECORD, *PKG_RECORD;

typedef struct _KG_DEVICE_EXTENSION {
    PKG_RECORD Ring;           // KG_RING_SIZE entries, nonpaged
    ULONG      Next;
    KSPIN_LOCK RingLock;
    ULONG      Queries;
} KG_DEVICE_EXTENSION, *PKG_DEVICE_EXTENSION;

namespace kg {

// live processes we have seen a create for
class ProcessTable {
public:
    ProcessTable();

    NTSTATUS Insert(HANDLE pid, HANDLE parent);
    void Remove(HANDLE pid);
    ULONG Count() const { return m_count; }
    void Clear();

private:
    struct Entry {
        LIST_ENTRY Link;
        HANDLE Pid;
        HANDLE Parent;
    };
    LIST_ENTRY m_head;
    FAST_MUTEX m_lock;
    ULONG m_count;
};

extern ProcessTable g_Table;

class FastMutexGuard {
public:
    explicit FastMutexGuard(PFAST_MUTEX m) : m_m(m) { ExAcquireFastMutex(m_m); }
    ~FastMutexGuard() { ExReleaseFastMutex(m_m); }
private:
    PFAST_MUTEX m_m;
};

} // namespace kg
