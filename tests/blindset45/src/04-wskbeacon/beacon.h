// beacon.h - kernel UDP heartbeat sender built on WSK.
//
// DriverEntry:  Config::Init -> wsk::Client::Start -> wsk::Client::OpenSocket -> Sender::Start
// Unload:       Sender::Stop  -> wsk::Client::Stop
#pragma once

#include <ntddk.h>
#include <wsk.h>
#include <ntstrsafe.h>

#define BEACON_TAG            'nceB'
#define BEACON_NPI_WAIT_MS    3000
#define BEACON_DEFAULT_PORT   31337
#define BEACON_DEFAULT_PERIOD 10        // seconds
#define BEACON_PAYLOAD_MAX    128

#define BLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "beacon: " fmt "\n", __VA_ARGS__)
#define BERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "beacon: !! " fmt "\n", __VA_ARGS__)

namespace beacon {

struct Settings {
    ULONG TargetAddress;    // network byte order
    ULONG TargetPort;       // host byte order
    ULONG PeriodSeconds;
};

class Config {
public:
    static void Init(_In_ PCUNICODE_STRING RegistryPath);
    static Settings Load();
private:
    static UNICODE_STRING s_RegistryPath;
};

namespace wsk {

class Client {
public:
    static NTSTATUS Start();
    static void     Stop();

    static NTSTATUS OpenSocket();
    static void     CloseSocket();

    static NTSTATUS SendTo(_In_reads_bytes_(Length) PVOID Data, _In_ ULONG Length,
                           _In_ ULONG Address, _In_ USHORT Port);

private:
    static WSK_REGISTRATION          s_Registration;
    static WSK_PROVIDER_NPI          s_Provider;
    static PWSK_SOCKET               s_Socket;
    static bool                      s_Registered;
    static bool                      s_Captured;
};

} // namespace wsk

class Sender {
public:
    static NTSTATUS Start();
    static void     Stop();
private:
    static KSTART_ROUTINE ThreadMain;
    static KEVENT   s_StopEvent;
    static PVOID    s_Thread;
    static ULONG    s_Sequence;
};

} // namespace beacon
