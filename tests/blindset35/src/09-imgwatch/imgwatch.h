#pragma once
//
// imgwatch.h - process / thread / image load monitor (C++ edition)
//
#include <ntddk.h>

#define IW_DEVICE_NAME  L"\\Device\\ImgWatch"
#define IW_LINK_NAME    L"\\??\\ImgWatch"
#define IW_POOL_TAG     'tWgI'

#define IW_DEVTYPE      0x8F00
#define IOCTL_IW_READ   CTL_CODE(IW_DEVTYPE, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_IW_COUNT  CTL_CODE(IW_DEVTYPE, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)

#define IW_MAX_ITEMS    1024
#define IW_PATH_CHARS   200

#define IWLOG(fmt, ...)  KdPrint(("ImgWatch: " fmt "\n", __VA_ARGS__))

enum class IwKind : ULONG { ProcessStart = 1, ProcessExit, ThreadStart, ThreadExit, ImageLoad };

struct IwRecord {
    IwKind        Kind;
    ULONG         ProcessId;
    ULONG         ThreadId;
    ULONG_PTR     ImageBase;
    SIZE_T        ImageSize;
    LARGE_INTEGER Time;
    WCHAR         Path[IW_PATH_CHARS];
};

// ---- allocation helpers ----------------------------------------------------
void* __cdecl operator new(size_t size, POOL_FLAGS flags);
void  __cdecl operator delete(void* p, size_t size);
void  __cdecl operator delete(void* p);

namespace iw {

class Mutex {
public:
    void Init() { ExInitializeFastMutex(&m_); }
    void Lock() { ExAcquireFastMutex(&m_); }
    void Unlock() { ExReleaseFastMutex(&m_); }
private:
    FAST_MUTEX m_;
};

template <typename T>
class Locker {
public:
    explicit Locker(T& l) : l_(l) { l_.Lock(); }
    ~Locker() { l_.Unlock(); }
private:
    T& l_;
};

class EventStore {
public:
    static void Init();
    static void Destroy();
    static void Push(const IwRecord& rec);
    static ULONG Pop(IwRecord* out, ULONG max);
    static ULONG Count();

private:
    struct Node {
        LIST_ENTRY Link;
        IwRecord   Rec;
    };
    static Mutex      s_lock;
    static LIST_ENTRY s_head;
    static ULONG      s_count;
};

// notify.cpp
namespace notify {
NTSTATUS RegisterAll();
void     UnregisterAll();
}

} // namespace iw
