// wskclient.cpp - thin synchronous wrapper over the WSK provider dispatch.
#include "beacon.h"

namespace beacon {
namespace wsk {

static const WSK_CLIENT_DISPATCH g_ClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    nullptr
};

WSK_REGISTRATION Client::s_Registration;
WSK_PROVIDER_NPI Client::s_Provider;
PWSK_SOCKET      Client::s_Socket     = nullptr;
bool             Client::s_Registered = false;
bool             Client::s_Captured   = false;

namespace {

// One-shot IRP + event; the IRP dies with the object.
class SyncIrp {
public:
    SyncIrp() : m_Irp(IoAllocateIrp(1, FALSE))
    {
        KeInitializeEvent(&m_Event, SynchronizationEvent, FALSE);
        if (m_Irp != nullptr) {
            IoSetCompletionRoutine(m_Irp,
                [](PDEVICE_OBJECT, PIRP, PVOID ctx) -> NTSTATUS {
                    KeSetEvent(static_cast<PKEVENT>(ctx), IO_NO_INCREMENT, FALSE);
                    return STATUS_MORE_PROCESSING_REQUIRED;
                },
                &m_Event, TRUE, TRUE, TRUE);
        }
    }
    ~SyncIrp() { if (m_Irp != nullptr) IoFreeIrp(m_Irp); }

    SyncIrp(const SyncIrp&) = delete;
    SyncIrp& operator=(const SyncIrp&) = delete;

    explicit operator bool() const { return m_Irp != nullptr; }
    PIRP get() const { return m_Irp; }

    NTSTATUS Wait(NTSTATUS st)
    {
        if (st == STATUS_PENDING) {
            KeWaitForSingleObject(&m_Event, Executive, KernelMode, FALSE, nullptr);
            st = m_Irp->IoStatus.Status;
        }
        return st;
    }

private:
    PIRP   m_Irp;
    KEVENT m_Event;
};

} // anonymous namespace

NTSTATUS Client::Start()
{
    WSK_CLIENT_NPI npi;
    npi.ClientContext = nullptr;
    npi.Dispatch = &g_ClientDispatch;

    NTSTATUS status = WskRegister(&npi, &s_Registration);
    if (!NT_SUCCESS(status)) {
        BERR("WskRegister 0x%08x", status);
        return status;
    }
    s_Registered = true;

    status = WskCaptureProviderNPI(&s_Registration, BEACON_NPI_WAIT_MS, &s_Provider);
    if (!NT_SUCCESS(status)) {
        BERR("WskCaptureProviderNPI 0x%08x", status);
        WskDeregister(&s_Registration);
        s_Registered = false;
        return status;
    }
    s_Captured = true;
    return STATUS_SUCCESS;
}

void Client::Stop()
{
    CloseSocket();

    if (s_Registered) {
        WskDeregister(&s_Registration);
        s_Registered = false;
    }
}

NTSTATUS Client::OpenSocket()
{
    SyncIrp irp;
    if (!irp) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = s_Provider.Dispatch->WskSocket(s_Provider.Client,
                                                     AF_INET,
                                                     SOCK_DGRAM,
                                                     IPPROTO_UDP,
                                                     WSK_FLAG_DATAGRAM_SOCKET,
                                                     nullptr, nullptr,
                                                     nullptr, nullptr, nullptr,
                                                     irp.get());
    status = irp.Wait(status);
    if (!NT_SUCCESS(status)) {
        BERR("WskSocket 0x%08x", status);
        return status;
    }
    s_Socket = reinterpret_cast<PWSK_SOCKET>(irp.get()->IoStatus.Information);

    SOCKADDR_IN local = {};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = INADDR_ANY;
    local.sin_port = 0;

    SyncIrp bindIrp;
    if (!bindIrp) {
        CloseSocket();
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    auto dgram = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(s_Socket->Dispatch);
    status = bindIrp.Wait(dgram->WskBind(s_Socket, reinterpret_cast<PSOCKADDR>(&local), 0, bindIrp.get()));
    if (!NT_SUCCESS(status)) {
        BERR("WskBind 0x%08x", status);
        CloseSocket();
    }
    return status;
}

void Client::CloseSocket()
{
    if (s_Socket == nullptr) {
        return;
    }

    SyncIrp irp;
    if (irp) {
        auto basic = static_cast<const WSK_PROVIDER_BASIC_DISPATCH*>(s_Socket->Dispatch);
        irp.Wait(basic->WskCloseSocket(s_Socket, irp.get()));
    }
    s_Socket = nullptr;
}

NTSTATUS Client::SendTo(_In_reads_bytes_(Length) PVOID Data, _In_ ULONG Length,
                        _In_ ULONG Address, _In_ USHORT Port)
{
    if (s_Socket == nullptr) {
        return STATUS_INVALID_DEVICE_STATE;
    }

    PMDL mdl = IoAllocateMdl(Data, Length, FALSE, FALSE, nullptr);
    if (mdl == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(mdl);

    WSK_BUF buf;
    buf.Mdl = mdl;
    buf.Offset = 0;
    buf.Length = Length;

    SOCKADDR_IN remote = {};
    remote.sin_family = AF_INET;
    remote.sin_addr.s_addr = Address;
    remote.sin_port = RtlUshortByteSwap(Port);

    NTSTATUS status;
    {
        SyncIrp irp;
        if (!irp) {
            status = STATUS_INSUFFICIENT_RESOURCES;
        } else {
            auto dgram = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(s_Socket->Dispatch);
            status = irp.Wait(dgram->WskSendTo(s_Socket, &buf, 0,
                                               reinterpret_cast<PSOCKADDR>(&remote),
                                               0, nullptr, irp.get()));
        }
    }

    IoFreeMdl(mdl);
    return status;
}

} // namespace wsk
} // namespace beacon
