#pragma once

extern "C" {
#include <ntddk.h>
#include <wsk.h>
}

#define BEACON_TAG          'nbKW'
#define BEACON_DEFAULT_PORT 47001
#define BEACON_MAX_PAYLOAD  128

#define BLOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "wskbeacon: " fmt "\n", __VA_ARGS__)
#define BERR(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "wskbeacon!: " fmt "\n", __VA_ARGS__)

namespace beacon {

struct Config {
    ULONG CollectorAddress;     // host order
    ULONG CollectorPort;        // host order
    ULONG CaptureTimeoutMs;
};

//
// One-shot IRP with an event; WSK calls in this driver are all made
// at PASSIVE_LEVEL from DriverEntry/Unload so waiting is fine.
//
class SyncIrp {
public:
    SyncIrp();
    ~SyncIrp();

    bool     Ok() const { return m_irp != nullptr; }
    PIRP     Get() const { return m_irp; }
    NTSTATUS Wait(NTSTATUS issued);

private:
    static IO_COMPLETION_ROUTINE OnComplete;

    KEVENT m_done;
    PIRP   m_irp;
};

class WskClient {
public:
    static NTSTATUS Initialize(const Config& cfg);
    static void     Shutdown();
    static NTSTATUS SendBeacon(const char* text);

private:
    static NTSTATUS OpenSocket();
    static void     CloseSocket();

    static WSK_REGISTRATION s_registration;
    static WSK_PROVIDER_NPI s_provider;
    static PWSK_SOCKET      s_socket;
    static SOCKADDR_IN      s_collector;
    static bool             s_registered;
    static bool             s_captured;
};

} // namespace beacon
