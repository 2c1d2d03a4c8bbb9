#pragma once
#include "Util.h"

class WskClient {
public:
    NTSTATUS Register();
    NTSTATUS Capture(_In_ ULONG TimeoutMs);
    void     Shutdown();

    NTSTATUS OpenDatagramSocket(_In_ USHORT LocalPort);
    NTSTATUS SendTo(_In_ const SOCKADDR_IN& To, _In_reads_bytes_(Length) const void* Data, _In_ ULONG Length);
    void     CloseSocket();

private:
    WSK_REGISTRATION m_Registration;
    WSK_PROVIDER_NPI m_Provider;
    PWSK_SOCKET      m_Socket;
    bool             m_Registered;
    bool             m_Captured;
};
