#include "WskClient.h"

const WSK_CLIENT_DISPATCH WskClient::s_ClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    nullptr
};

_Use_decl_annotations_
NTSTATUS
WskClient::SyncCompletion(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp,
    PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent(static_cast<PKEVENT>(Context), IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

template <typename Fn>
NTSTATUS
WskClient::CallSync(
    Fn fn,
    ULONG_PTR* Information
    )
{
    KEVENT event;
    PIRP irp = IoAllocateIrp(1, FALSE);
    if (irp == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, SyncCompletion, &event, TRUE, TRUE, TRUE);

    NTSTATUS status = fn(irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr);
        status = irp->IoStatus.Status;
    }
    if (Information != nullptr) {
        *Information = irp->IoStatus.Information;
    }

    IoFreeIrp(irp);
    return status;
}

NTSTATUS
WskClient::Initialize(
    _In_ USHORT LocalPort
    )
{
    WSK_CLIENT_NPI clientNpi;
    clientNpi.ClientContext = this;
    clientNpi.Dispatch = &s_ClientDispatch;

    NTSTATUS status = WskRegister(&clientNpi, &m_Registration);
    if (NT_SUCCESS(status)) {
        m_Registered = true;

        WskCaptureProviderNPI(&m_Registration, BEACON_NPI_WAIT_MS, &m_Provider);
        m_NpiCaptured = true;

        status = CreateDatagramSocket();
        if (NT_SUCCESS(status)) {
            status = Bind(LocalPort);
            if (!NT_SUCCESS(status)) {
                BLOG("bind to port %u failed 0x%08X", LocalPort, status);
            }
        } else {
            BLOG("WskSocket failed 0x%08X", status);
        }

        if (!NT_SUCCESS(status)) {
            Shutdown();
        }
    }
    return status;
}

void
WskClient::Shutdown()
{
    CloseSocket();

    if (m_Registered) {
        WskDeregister(&m_Registration);
        m_Registered = false;
    }

    if (m_NpiCaptured) {
        WskReleaseProviderNPI(&m_Registration);
        m_NpiCaptured = false;
    }
}

NTSTATUS
WskClient::CreateDatagramSocket()
{
    ULONG_PTR info = 0;

    NTSTATUS status = CallSync([this](PIRP irp) {
        return m_Provider.Dispatch->WskSocket(m_Provider.Client,
                                              AF_INET,
                                              SOCK_DGRAM,
                                              IPPROTO_UDP,
                                              WSK_FLAG_DATAGRAM_SOCKET,
                                              this,
                                              nullptr,
                                              nullptr,
                                              nullptr,
                                              nullptr,
                                              irp);
    }, &info);

    if (NT_SUCCESS(status)) {
        m_Socket = reinterpret_cast<PWSK_SOCKET>(info);
    }
    return status;
}

NTSTATUS
WskClient::Bind(
    _In_ USHORT LocalPort
    )
{
    SOCKADDR_IN local = {};
    local.sin_family = AF_INET;
    local.sin_port = RtlUshortByteSwap(LocalPort);
    local.sin_addr.s_addr = INADDR_ANY;

    auto dispatch = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(m_Socket->Dispatch);
    return CallSync([&](PIRP irp) {
        return dispatch->WskBind(m_Socket, reinterpret_cast<PSOCKADDR>(&local), 0, irp);
    }, nullptr);
}

void
WskClient::CloseSocket()
{
    if (m_Socket == nullptr) {
        return;
    }

    auto dispatch = static_cast<const WSK_PROVIDER_BASIC_DISPATCH*>(m_Socket->Dispatch);
    PWSK_SOCKET socket = m_Socket;
    m_Socket = nullptr;

    CallSync([&](PIRP irp) {
        return dispatch->WskCloseSocket(socket, irp);
    }, nullptr);
}

NTSTATUS
WskClient::SendTo(
    _In_ ULONG RemoteAddr,
    _In_ USHORT RemotePort,
    _In_reads_bytes_(Length) PVOID Data,
    _In_ ULONG Length
    )
{
    if (m_Socket == nullptr) {
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
    remote.sin_port = RtlUshortByteSwap(RemotePort);
    remote.sin_addr.s_addr = RtlUlongByteSwap(RemoteAddr);

    auto dispatch = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(m_Socket->Dispatch);
    NTSTATUS status = CallSync([&](PIRP irp) {
        return dispatch->WskSendTo(m_Socket, &buf, 0, reinterpret_cast<PSOCKADDR>(&remote),
                                   0, nullptr, irp);
    }, nullptr);

    IoFreeMdl(mdl);
    return status;
}
