#pragma once

#include <ntddk.h>

#define REGMON_TAG          'nMgR'
#define REGMON_DEVICE       L"\\Device\\RegMon"
#define REGMON_LINK         L"\\??\\RegMon"
#define REGMON_ALTITUDE     L"385201.5"
#define REGMON_MAX_EVENTS   1024

#define IOCTL_REGMON_READ \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)

enum class RegEventType : ULONG {
    SetValue    = 1,
    DeleteValue = 2,
    DeleteKey   = 3,
    CreateKey   = 4,
};

// what user mode gets
struct RegEventData {
    RegEventType  Type;
    ULONG         ProcessId;
    LARGE_INTEGER Time;
    WCHAR         KeyName[200];
    WCHAR         ValueName[56];
};

struct RegEventItem {
    LIST_ENTRY   Link;
    RegEventData Data;
};

// tiny RAII helpers
class FastMutex {
public:
    void Init() { ExInitializeFastMutex(&m_mutex); }
    void Lock() { ExAcquireFastMutex(&m_mutex); }
    void Unlock() { ExReleaseFastMutex(&m_mutex); }
private:
    FAST_MUTEX m_mutex;
};

template <typename TLock>
class AutoLock {
public:
    explicit AutoLock(TLock& lock) : m_lock(lock) { m_lock.Lock(); }
    ~AutoLock() { m_lock.Unlock(); }
    AutoLock(const AutoLock&) = delete;
    AutoLock& operator=(const AutoLock&) = delete;
private:
    TLock& m_lock;
};

// global driver state (plain struct, no constructor: no CRT init in kernel)
struct RegMonState {
    LARGE_INTEGER          Cookie;
    PDEVICE_OBJECT         Device;
    LIST_ENTRY             Events;
    ULONG                  Count;
    FastMutex              Lock;
    NPAGED_LOOKASIDE_LIST  Lookaside;

    void Init();
    void Push(RegEventType type, PCUNICODE_STRING key, PCUNICODE_STRING value);
    ULONG Pop(RegEventData* out, ULONG max);
    void FreeAll();
};

extern RegMonState g_State;
