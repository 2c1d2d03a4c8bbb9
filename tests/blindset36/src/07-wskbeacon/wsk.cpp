//
// wsk.cpp - thin synchronous wrapper over the WSK provider dispatch
//
#include "beacon.h"

namespace beacon {

WSK_REGISTRATION          WskClient::s_Registration;
WSK_PROVIDER_NPI          WskClient::s_Provider;
const WSK_CLIENT_DISPATCH WskClient::s_Dispatch = { MAKE_WSK_VERSION(1, 0), 0, nullptr };
bool                      WskClient::s_Registered = false;
bool                      WskClient::s_Captured   = false;

namespace {

// Frees the IRP on scope exit, whatever path we take.
struct IrpGuard {
    PIRP Irp;
    explicit IrpGuard(PIRP irp) : Irp(irp) {}
    ~IrpGuard() { if (Irp != nullptr) IoFreeIrp(Irp); }
    IrpGuard(const IrpGuard&) = delete;
    IrpGuard& operator=(const IrpGuard&) = delete;
};

} // anonymous namespace

template <typename Op>
NTSTATUS
WskClient::CallSync(Op&& op, ULONG_PTR* Information)
{
    KEVENT done;
    KeInitializeEvent(&done, NotificationEvent, FALSE);

    IrpGuard guard(IoAllocateIrp(1, FALSE));
    if (guard.Irp == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    IoSetCompletionRoutine(guard.Irp,
        [](PDEVICE_OBJECT, PIRP, PVOID ctx) -> NTSTATUS {
            KeSetEvent(static_cast<PKEVENT>(ctx), IO_NO_INCREMENT, FALSE);
            return STATUS_MORE_PROCESSING_REQUIRED;
        },
        &done, TRUE, TRUE, TRUE);

    NTSTATUS status = op(guard.Irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, nullptr);
        status = guard.Irp->IoStatus.Status;
    }
    if (Information != nullptr) {
        *Information = guard.Irp->IoStatus.Information;
    }
    return status;
}

NTSTATUS
WskClient::Register()
{
    WSK_CLIENT_NPI npi;
    npi.ClientContext = nullptr;
    npi.Dispatch      = &s_Dispatch;

    NTSTATUS status = WskRegister(&npi, &s_Registration);
    s_Registered = NT_SUCCESS(status);
    return status;
}

void
WskClient::Deregister()
{
    if (s_Registered) {
        WskDeregister(&s_Registration);
        s_Registered = false;
    }
}

NTSTATUS
WskClient::CaptureProvider()
{
    NTSTATUS status = WskCaptureProviderNPI(&s_Registration, WSK_INFINITE_WAIT, &s_Provider);
    s_Captured = NT_SUCCESS(status);
    return status;
}

void
WskClient::ReleaseProvider()
{
    if (s_Captured) {
        WskReleaseProviderNPI(&s_Registration);
        s_Captured = false;
    }
}

NTSTATUS
WskClient::OpenUdpSocket(PWSK_SOCKET* Socket)
{
    *Socket = nullptr;
    ULONG_PTR info = 0;

    NTSTATUS status = CallSync([](PIRP irp) {
        return s_Provider.Dispatch->WskSocket(s_Provider.Client, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
                                              WSK_FLAG_DATAGRAM_SOCKET, nullptr, nullptr,
                                              nullptr, nullptr, nullptr, irp);
    }, &info);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto sock = reinterpret_cast<PWSK_SOCKET>(info);
    auto dgram = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(sock->Dispatch);

    SOCKADDR_IN local = {};
    local.sin_family = AF_INET;

    status = CallSync([&](PIRP irp) {
        return dgram->WskBind(sock, reinterpret_cast<PSOCKADDR>(&local), 0, irp);
    });
    if (!NT_SUCCESS(status)) {
        CloseSocket(sock);
        return status;
    }

    *Socket = sock;
    return STATUS_SUCCESS;
}

NTSTATUS
WskClient::SendTo(PWSK_SOCKET Socket, PVOID Data, ULONG Length, PSOCKADDR_IN To)
{
    PMDL mdl = IoAllocateMdl(Data, Length, FALSE, FALSE, nullptr);
    if (mdl == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(mdl);

    WSK_BUF buf;
    buf.Mdl    = mdl;
    buf.Offset = 0;
    buf.Length = Length;

    auto dgram = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(Socket->Dispatch);
    NTSTATUS status = CallSync([&](PIRP irp) {
        return dgram->WskSendTo(Socket, &buf, 0, reinterpret_cast<PSOCKADDR>(To), 0, nullptr, irp);
    });

    IoFreeMdl(mdl);
    return status;
}

void
WskClient::CloseSocket(PWSK_SOCKET Socket)
{
    if (Socket == nullptr) {
        return;
    }
    auto basic = static_cast<const WSK_PROVIDER_BASIC_DISPATCH*>(Socket->Dispatch);
    (void)CallSync([&](PIRP irp) { return basic->WskCloseSocket(Socket, irp); });
}

} // namespace beacon
