#pragma once
//
// wskbeacon: announces "driver up / driver down" as a UDP datagram so the
// lab box's listener can tell when a test driver got (re)loaded.
//
#include <ntddk.h>
#include <wsk.h>

#define BEACON_TAG           'nocB'
#define BEACON_DEFAULT_PORT  40404
#define BEACON_TIMEOUT_MS    3000

#define LOG(fmt, ...)  KdPrint(("wskbeacon: " fmt "\n", __VA_ARGS__))

namespace beacon {

struct Config {
    USHORT Port;          // host order
    ULONG  TargetAddr;    // network order
    ULONG  Flags;
};

class Client {
public:
    static NTSTATUS Start();
    static bool     OpenSocket();
    static NTSTATUS SendText(_In_z_ const char* text, _In_ const Config& cfg);
    static void     CloseSocket();
    static void     Stop();

    static LONG     SentCount() { return s_Sent; }

private:
    static NTSTATUS CallAndWait(_In_ PIRP irp, _In_ PKEVENT ev, _In_ NTSTATUS callStatus);
    static IO_COMPLETION_ROUTINE Complete;

    static const WSK_CLIENT_DISPATCH s_Dispatch;
    static WSK_REGISTRATION          s_Registration;
    static WSK_PROVIDER_NPI          s_Provider;
    static PWSK_SOCKET               s_Socket;
    static PIRP                      s_CloseIrp;
    static LONG                      s_Sent;
};

// config.cpp
NTSTATUS LoadConfig(_In_ PCUNICODE_STRING regPath, _Out_ Config* cfg);
NTSTATUS SaveCounters(_In_ PCUNICODE_STRING regPath, _In_ ULONG sent);

} // namespace beacon
