// kstats.h - KStats: kernel statistics sampler written in C++ (/kernel).
//
// One system thread samples per-processor interrupt/DPC time once a second
// into a ring buffer; user mode reads it with IOCTL_KSTATS_READ.
#pragma once

#include <ntddk.h>

#define KSTATS_TAG          'tatS'
#define KSTATS_RING_SIZE    256
#define KSTATS_DEVICE_NAME  L"\\Device\\KStats"
#define KSTATS_LINK_NAME    L"\\??\\KStats"
#define IOCTL_KSTATS_READ   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

// --- minimal kernel C++ support ------------------------------------------
void* __cdecl operator new(size_t size, POOL_FLAGS flags) noexcept;
void  __cdecl operator delete(void* p, size_t size);
void  __cdecl operator delete(void* p);

struct Sample {
    LARGE_INTEGER Time;
    ULONG64       InterruptTime;
    ULONG64       DpcTime;
    ULONG         Processor;
};

// Ring buffer protected by a spin lock.
class SampleRing {
public:
    SampleRing() : m_Head(0), m_Count(0) { KeInitializeSpinLock(&m_Lock); }
    void   Push(const Sample& s);
    ULONG  Copy(Sample* out, ULONG max);
private:
    KSPIN_LOCK m_Lock;
    ULONG      m_Head;
    ULONG      m_Count;
    Sample     m_Items[KSTATS_RING_SIZE];
};

// Sampling thread.  Start() returns FALSE if the thread could not be created.
class Sampler {
public:
    explicit Sampler(SampleRing* ring);
    ~Sampler();
    BOOLEAN Start();
    void    Stop();
private:
    static KSTART_ROUTINE ThreadProc;   // static member used as thread entry
    void    Run();

    SampleRing* m_Ring;
    PETHREAD    m_Thread;
    KEVENT      m_StopEvent;
};

// Everything the driver owns.
class KStatsDriver {
public:
    KStatsDriver() : m_Device(nullptr), m_LinkCreated(FALSE), m_Sampler(&m_Ring) {}
    ~KStatsDriver();

    BOOLEAN Initialize(PDRIVER_OBJECT DriverObject);
    NTSTATUS DeviceControl(PIRP Irp);

    static DRIVER_UNLOAD   Unload;
    static DRIVER_DISPATCH DispatchCreateClose;
    static DRIVER_DISPATCH DispatchIoctl;

private:
    PDEVICE_OBJECT m_Device;
    BOOLEAN        m_LinkCreated;
    SampleRing     m_Ring;
    Sampler        m_Sampler;
};

extern KStatsDriver* g_KStats;
