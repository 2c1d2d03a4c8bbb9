//
// connlog - logs every outbound IPv4 connect authorization (pid, remote
// endpoint, protocol) into a ring that user mode drains via \\.\ConnLog.
//
#pragma once

extern "C" {
#include <ntddk.h>
#pragma warning(push)
#pragma warning(disable: 4201)
#define NDIS630 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
}

#define CL_TAG          'goLC'
#define CL_DEVICE_NAME  L"\\Device\\ConnLog"
#define CL_LINK_NAME    L"\\DosDevices\\ConnLog"
#define CL_RING_SIZE    1024

#define IOCTL_CONNLOG_READ  CTL_CODE(FILE_DEVICE_NETWORK, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)

#define CL_TRACE(fmt, ...)  DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL,  "connlog: " fmt "\n", __VA_ARGS__)
#define CL_ERROR(fmt, ...)  DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "connlog: " fmt "\n", __VA_ARGS__)

struct CONNLOG_ENTRY
{
    LARGE_INTEGER Time;
    UINT64        ProcessId;
    UINT32        RemoteAddr;     // host order
    UINT16        RemotePort;
    UINT8         Protocol;
    UINT8         Reserved;
};

extern "C" const GUID CL_CALLOUT_KEY;
extern "C" const GUID CL_SUBLAYER_KEY;

namespace connlog {

// runs the lambda on scope exit unless dismissed
template <typename F>
class ScopeExit
{
public:
    explicit ScopeExit(F f) : m_f(f) {}
    ~ScopeExit() { if (m_armed) { m_f(); } }
    void Dismiss() { m_armed = false; }
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
private:
    F    m_f;
    bool m_armed = true;
};

class Ring
{
public:
    static NTSTATUS Init();
    static void     Free();
    static void     Push(const CONNLOG_ENTRY& e);
    static ULONG    Drain(_Out_writes_(max) CONNLOG_ENTRY* out, ULONG max);
private:
    static CONNLOG_ENTRY* s_buf;
    static ULONG          s_head;
    static ULONG          s_count;
    static KSPIN_LOCK     s_lock;
};

class Callout
{
public:
    static NTSTATUS Register(_In_ PDEVICE_OBJECT device);
    static void     Unregister();
    static NTSTATUS AddBfeObjects();
    static void     RemoveBfeObjects();
private:
    static void NTAPI Classify(const FWPS_INCOMING_VALUES0*, const FWPS_INCOMING_METADATA_VALUES0*,
                               void*, const void*, const FWPS_FILTER2*, UINT64, FWPS_CLASSIFY_OUT0*);
    static NTSTATUS NTAPI Notify(FWPS_CALLOUT_NOTIFY_TYPE, const GUID*, FWPS_FILTER2*);

    static UINT32 s_id;
    static HANDLE s_engine;
    static UINT64 s_filterId;
};

} // namespace connlog
