#pragma once

#include <ntddk.h>

#define TLM_TAG          'mlTk'
#define TLM_DEVICE       L"\\Device\\KTelemetry"
#define TLM_LINK         L"\\??\\KTelemetry"
#define TLM_RING_SIZE    8192
#define TLM_FLUSH_MS     250

#define IOCTL_TLM_SET_EVENT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8C0, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_TLM_READ       CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8C1, METHOD_BUFFERED, FILE_READ_ACCESS)

#ifdef DBG
#define TLM_DBG(fmt, ...) DbgPrint("ktelemetry: " fmt "\n", __VA_ARGS__)
#else
#define TLM_DBG(fmt, ...) ((void)0)
#endif

namespace tlm {

enum RecordType : USHORT {
    RecProcessCreate = 1,
    RecProcessExit,
    RecThreadCreate,
    RecThreadExit,
    RecImageLoad,
};

#pragma pack(push, 8)
struct Record {
    USHORT    Type;
    USHORT    Remote;       // thread created from another process
    ULONG     Pid;
    ULONG     Aux;          // tid / parent pid
    ULONG     Reserved;
    ULONG64   Address;      // image base
    LONG64    Timestamp;
};
#pragma pack(pop)

class ScopedSpin {
public:
    explicit ScopedSpin(KSPIN_LOCK& lock) : m_Lock(lock) { KeAcquireSpinLock(&m_Lock, &m_Old); }
    ~ScopedSpin() { KeReleaseSpinLock(&m_Lock, m_Old); }
    ScopedSpin(const ScopedSpin&) = delete;
    ScopedSpin& operator=(const ScopedSpin&) = delete;
private:
    KSPIN_LOCK& m_Lock;
    KIRQL       m_Old;
};

template<typename T>
T* AllocArray(SIZE_T n)
{
    return static_cast<T*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, n * sizeof(T), TLM_TAG));
}

class Ring {
public:
    static NTSTATUS Create(ULONG size);
    static void     Destroy();
    static void     StartFlushTimer();
    static void     StopFlushTimer();

    static void     Write(Record& r);
    static ULONG    Read(Record* out, ULONG max);

    static NTSTATUS SetNotifyEvent(HANDLE userEvent, KPROCESSOR_MODE mode);
    static void     ClearNotifyEvent();

private:
    static KDEFERRED_ROUTINE FlushDpc;

    static Record*    s_Buf;
    static ULONG      s_Size;
    static ULONG      s_Read;
    static ULONG      s_Write;
    static ULONG      s_Used;
    static KSPIN_LOCK s_Lock;
    static PKEVENT    s_UserEvent;
    static KTIMER     s_Timer;
    static KDPC       s_Dpc;
    static bool       s_TimerArmed;
};

class Sensors {
public:
    static NTSTATUS Enable();
    static void     Disable();
private:
    static void ProcessCb(PEPROCESS, HANDLE, PPS_CREATE_NOTIFY_INFO);
    static void ThreadCb(HANDLE, HANDLE, BOOLEAN);
    static void ImageCb(PUNICODE_STRING, HANDLE, PIMAGE_INFO);

    static bool s_Proc;
    static bool s_Thread;
    static bool s_Image;
};

} // namespace tlm
