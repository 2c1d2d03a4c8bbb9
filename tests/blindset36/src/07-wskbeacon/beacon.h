//
// beacon.h - wskbeacon: sends a small UDP "I'm alive" datagram to a
// collector every N seconds from a kernel thread, using WSK.
//
// HKLM\...\Services\wskbeacon
//      CollectorIp    REG_DWORD  host order, default 127.0.0.1
//      CollectorPort  REG_DWORD  default 5140
//      IntervalSec    REG_DWORD  default 30
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <wsk.h>
#include <ntstrsafe.h>
}

#define BEACON_TAG              'nceB'
#define BEACON_DEFAULT_IP       0x7F000001UL
#define BEACON_DEFAULT_PORT     5140
#define BEACON_DEFAULT_INTERVAL 30
#define BEACON_MAX_PAYLOAD      128

#define BLOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "wskbeacon: " fmt "\n", __VA_ARGS__)

namespace beacon {

struct Config {
    UNICODE_STRING  RegistryPath;
    ULONG           CollectorIp;
    USHORT          CollectorPort;
    ULONG           IntervalSec;

    NTSTATUS Load();
};

extern Config g_Config;

class WskClient {
public:
    static NTSTATUS Register();
    static void     Deregister();
    static NTSTATUS CaptureProvider();
    static void     ReleaseProvider();

    static NTSTATUS OpenUdpSocket(_Out_ PWSK_SOCKET* Socket);
    static NTSTATUS SendTo(_In_ PWSK_SOCKET Socket, _In_ PVOID Data, _In_ ULONG Length,
                           _In_ PSOCKADDR_IN To);
    static void     CloseSocket(_In_ PWSK_SOCKET Socket);

private:
    template <typename Op>
    static NTSTATUS CallSync(Op&& op, _Out_opt_ ULONG_PTR* Information = nullptr);

    static WSK_REGISTRATION          s_Registration;
    static WSK_PROVIDER_NPI          s_Provider;
    static const WSK_CLIENT_DISPATCH s_Dispatch;
    static bool                      s_Registered;
    static bool                      s_Captured;
};

class Worker {
public:
    static NTSTATUS Start();
    static void     Stop();

private:
    static KSTART_ROUTINE ThreadMain;
    static PETHREAD       s_Thread;
    static KEVENT         s_StopEvent;
};

} // namespace beacon

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BeaconUnload;
