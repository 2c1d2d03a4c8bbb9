//
// wskfetch - on start, connects to a configured HTTP server and logs the
// status line of "GET /". Playground for WSK in C++.
//
// HKLM\SYSTEM\CurrentControlSet\Services\wskfetch\Parameters
//     ServerIp   REG_DWORD  (network order, e.g. 0x0100007F for 127.0.0.1)
//     ServerPort REG_DWORD  (default 80)
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <wsk.h>
}

#define FETCH_TAG       'hctF'
#define FETCH_RX_SIZE   1024

#define FLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "wskfetch: " fmt "\n", __VA_ARGS__)

namespace fetch {

struct Config
{
    ULONG  ServerIp   = 0x0100007F;   // 127.0.0.1
    USHORT ServerPort = 80;

    NTSTATUS Load(_In_ PCUNICODE_STRING ServiceKey);
};

// IRP + event for doing WSK calls synchronously
class SyncIrp
{
public:
    SyncIrp();
    ~SyncIrp();
    bool   Ok() const { return m_irp != nullptr; }
    PIRP   Get();                                   // reset, ready for the next call
    NTSTATUS Wait(NTSTATUS callStatus, _In_ PKEVENT stop);
    ULONG_PTR Info() const { return m_irp->IoStatus.Information; }

private:
    static IO_COMPLETION_ROUTINE Done;
    PIRP   m_irp;
    KEVENT m_event;
};

class Client
{
public:
    static NTSTATUS Register();
    static void     Deregister();
    static KSTART_ROUTINE Worker;

    static PCUNICODE_STRING s_serviceKey;
    static HANDLE           s_thread;
    static KEVENT           s_stop;

private:
    static NTSTATUS RunOnce(_In_ const Config& cfg);
    static WSK_REGISTRATION s_reg;
    static WSK_PROVIDER_NPI s_npi;
};

} // namespace fetch
