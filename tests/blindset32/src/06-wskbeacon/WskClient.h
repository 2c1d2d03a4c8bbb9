// wskbeacon - sends a small UDP "I'm alive" datagram to the lab
// collector from kernel mode.  Written while following the WSK docs;
// WskClient wraps registration, NPI capture and one datagram socket.
#pragma once

#include <ntddk.h>
#include <wsk.h>

#define BEACON_TAG          'nBsW'
#define BEACON_LOCAL_PORT   47001
#define BEACON_REMOTE_PORT  47000
#define BEACON_REMOTE_ADDR  0x0A000001      // 10.0.0.1, host order
#define BEACON_NPI_WAIT_MS  5000

#define BLOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "wskbeacon: " fmt "\n", __VA_ARGS__)

class WskClient
{
public:
    NTSTATUS Initialize(_In_ USHORT LocalPort);
    void     Shutdown();
    NTSTATUS SendTo(_In_ ULONG RemoteAddr, _In_ USHORT RemotePort,
                    _In_reads_bytes_(Length) PVOID Data, _In_ ULONG Length);

private:
    NTSTATUS CreateDatagramSocket();
    NTSTATUS Bind(_In_ USHORT LocalPort);
    void     CloseSocket();

    // runs an IRP based WSK call synchronously
    template <typename Fn>
    NTSTATUS CallSync(Fn fn, _Out_opt_ ULONG_PTR* Information);

    static IO_COMPLETION_ROUTINE SyncCompletion;

    WSK_REGISTRATION  m_Registration;
    WSK_PROVIDER_NPI  m_Provider;
    PWSK_SOCKET       m_Socket;
    bool              m_Registered;
    bool              m_NpiCaptured;

    static const WSK_CLIENT_DISPATCH s_ClientDispatch;
};

extern WskClient g_Beacon;
