//
// WskClient.h
//
// Thin C++ wrapper over the Winsock Kernel client registration. One
// instance lives in the WDFDRIVER context for the lifetime of the driver.
//
#pragma once

#include <ntddk.h>
#include <wsk.h>

namespace np {

class WskClient
{
public:
    WskClient();
    ~WskClient();

    WskClient(const WskClient&) = delete;
    WskClient& operator=(const WskClient&) = delete;

    // Deregister is idempotent and blocks until every captured provider
    // NPI is released and every socket closed, so unload can call it.
    _IRQL_requires_(PASSIVE_LEVEL) NTSTATUS Register();
    _IRQL_requires_(PASSIVE_LEVEL) VOID Deregister();

    // TCP connect + close to Remote, measuring the handshake time.
    _IRQL_requires_(PASSIVE_LEVEL)
    NTSTATUS TcpConnectProbe(_In_ const SOCKADDR_IN* Remote, _In_ ULONG TimeoutMs, _Out_ PULONG ElapsedMs);

private:
    static const WSK_CLIENT_DISPATCH s_ClientDispatch;

    WSK_REGISTRATION m_Registration;
    bool             m_Registered;
};

} // namespace np
