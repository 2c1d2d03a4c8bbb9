#include "WskClient.h"

namespace {
const WSK_CLIENT_DISPATCH g_ClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    nullptr         // no WskClientEvent callback
};
}

NTSTATUS WskClient::Register()
{
    WSK_CLIENT_NPI clientNpi;
    clientNpi.ClientContext = this;
    clientNpi.Dispatch = &g_ClientDispatch;

    NTSTATUS status = WskRegister(&clientNpi, &m_Registration);
    if (NT_SUCCESS(status)) {
        m_Registered = true;
    }
    return status;
}

NTSTATUS WskClient::Capture(_In_ ULONG TimeoutMs)
{
    NTSTATUS status = WskCaptureProviderNPI(&m_Registration, TimeoutMs, &m_Provider);
    if (NT_SUCCESS(status)) {
        m_Captured = true;
    }
    return status;
}

void WskClient::Shutdown()
{
    if (m_Registered) {
        WskDeregister(&m_Registration);
        m_Registered = false;
    }
    if (m_Captured) {
        WskReleaseProviderNPI(&m_Registration);
        m_Captured = false;
    }
}

NTSTATUS WskClient::OpenDatagramSocket(_In_ USHORT LocalPort)
{
    SyncIrp irp;
    NTSTATUS status = irp.Init();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = m_Provider.Dispatch->WskSocket(m_Provider.Client, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
                                            WSK_FLAG_DATAGRAM_SOCKET, nullptr, nullptr,
                                            nullptr, nullptr, nullptr, irp.Get());
    status = irp.Wait(status);
    if (!NT_SUCCESS(status)) {
        WE_LOG("WskSocket failed 0x%08X", status);
        return status;
    }
    m_Socket = reinterpret_cast<PWSK_SOCKET>(irp.Get()->IoStatus.Information);

    SOCKADDR_IN local = {};
    local.sin_family = AF_INET;
    local.sin_port = RtlUshortByteSwap(LocalPort);
    local.sin_addr.s_addr = INADDR_ANY;

    auto dispatch = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(m_Socket->Dispatch);
    irp.Arm();
    status = irp.Wait(dispatch->WskBind(m_Socket, reinterpret_cast<PSOCKADDR>(&local), 0, irp.Get()));
    if (!NT_SUCCESS(status)) {
        WE_LOG("WskBind(%u) failed 0x%08X", LocalPort, status);
        CloseSocket();
    }
    return status;
}

NTSTATUS WskClient::SendTo(_In_ const SOCKADDR_IN& To, _In_reads_bytes_(Length) const void* Data, _In_ ULONG Length)
{
    if (m_Socket == nullptr) {
        return STATUS_INVALID_DEVICE_STATE;
    }

    void* copy = ExAllocatePool2(POOL_FLAG_NON_PAGED, Length, WE_TAG);
    if (copy == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    auto freeCopy = MakeScopeExit([copy] { ExFreePoolWithTag(copy, WE_TAG); });
    RtlCopyMemory(copy, Data, Length);

    PMDL mdl = IoAllocateMdl(copy, Length, FALSE, FALSE, nullptr);
    if (mdl == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    auto freeMdl = MakeScopeExit([mdl] { IoFreeMdl(mdl); });
    MmBuildMdlForNonPagedPool(mdl);

    SyncIrp irp;
    NTSTATUS status = irp.Init();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WSK_BUF buf;
    buf.Mdl = mdl;
    buf.Offset = 0;
    buf.Length = Length;

    SOCKADDR_IN remote = To;
    auto dispatch = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(m_Socket->Dispatch);
    status = dispatch->WskSendTo(m_Socket, &buf, 0, reinterpret_cast<PSOCKADDR>(&remote),
                                 0, nullptr, irp.Get());
    return irp.Wait(status);
}

void WskClient::CloseSocket()
{
    if (m_Socket == nullptr) {
        return;
    }

    SyncIrp irp;
    if (NT_SUCCESS(irp.Init())) {
        auto basic = static_cast<const WSK_PROVIDER_BASIC_DISPATCH*>(m_Socket->Dispatch);
        NTSTATUS status = irp.Wait(basic->WskCloseSocket(m_Socket, irp.Get()));
        WE_LOG_STATUS("WskCloseSocket", status);
    }
    m_Socket = nullptr;
}
