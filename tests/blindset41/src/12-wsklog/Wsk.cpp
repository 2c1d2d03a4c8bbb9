#include "wsklog.h"

//
// wl::SyncIrp
//
wl::SyncIrp::SyncIrp()
{
    KeInitializeEvent(&m_event, SynchronizationEvent, FALSE);
    m_irp = IoAllocateIrp(1, FALSE);
    if (m_irp) {
        IoSetCompletionRoutine(m_irp, Complete, &m_event, TRUE, TRUE, TRUE);
    }
}

wl::SyncIrp::~SyncIrp()
{
    if (m_irp) {
        IoFreeIrp(m_irp);
    }
}

NTSTATUS wl::SyncIrp::Complete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent(static_cast<PKEVENT>(Context), IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS wl::SyncIrp::Wait(NTSTATUS callStatus)
{
    if (callStatus == STATUS_PENDING) {
        KeWaitForSingleObject(&m_event, Executive, KernelMode, FALSE, nullptr);
    }
    return m_irp->IoStatus.Status;
}

//
// WskClient
//
const WSK_CLIENT_DISPATCH WskClient::s_Dispatch = { MAKE_WSK_VERSION(1, 0), 0, nullptr };
WSK_REGISTRATION WskClient::s_Registration;
WSK_PROVIDER_NPI WskClient::s_Npi;
PWSK_SOCKET      WskClient::s_Socket = nullptr;
bool             WskClient::s_Registered = false;
bool             WskClient::s_Captured = false;

NTSTATUS WskClient::Start()
{
    WSK_CLIENT_NPI client = {};
    client.ClientContext = nullptr;
    client.Dispatch = &s_Dispatch;

    RETURN_IF_NT_FAILED(WskRegister(&client, &s_Registration));
    s_Registered = true;

    // Stop() undoes exactly what has been done so far
    wl::scope_exit undo([] { WskClient::Stop(); });

    RETURN_IF_NT_FAILED(WskCaptureProviderNPI(&s_Registration, WL_NPI_WAIT_MS, &s_Npi));
    s_Captured = true;

    RETURN_IF_NT_FAILED(OpenSocket());

    undo.Dismiss();
    return STATUS_SUCCESS;
}

void WskClient::Stop()
{
    CloseSocket();

    // NPI first: WskDeregister waits for every captured NPI to be released
    if (s_Captured) {
        WskReleaseProviderNPI(&s_Registration);
        s_Captured = false;
    }
    if (s_Registered) {
        WskDeregister(&s_Registration);
        s_Registered = false;
    }
}

NTSTATUS WskClient::OpenSocket()
{
    wl::SyncIrp create;
    if (!create) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = s_Npi.Dispatch->WskSocket(s_Npi.Client, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
                                                WSK_FLAG_DATAGRAM_SOCKET, nullptr, nullptr,
                                                nullptr, nullptr, nullptr, create.get());
    RETURN_IF_NT_FAILED(create.Wait(status));
    s_Socket = reinterpret_cast<PWSK_SOCKET>(create.Information());

    SOCKADDR_IN local = {};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = INADDR_ANY;

    wl::SyncIrp bind;
    if (!bind) {
        CloseSocket();
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    auto dispatch = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(s_Socket->Dispatch);
    status = bind.Wait(dispatch->WskBind(s_Socket, reinterpret_cast<PSOCKADDR>(&local), 0, bind.get()));
    if (!NT_SUCCESS(status)) {
        WL_ERR("WskBind 0x%08X", status);
        CloseSocket();
        return status;
    }
    return STATUS_SUCCESS;
}

void WskClient::CloseSocket()
{
    if (s_Socket == nullptr) {
        return;
    }

    wl::SyncIrp close;
    if (close) {
        auto basic = static_cast<const WSK_PROVIDER_BASIC_DISPATCH*>(s_Socket->Dispatch);
        close.Wait(basic->WskCloseSocket(s_Socket, close.get()));
    } else {
        WL_ERR("no IRP for WskCloseSocket, socket %p abandoned", s_Socket);
    }
    s_Socket = nullptr;
}

NTSTATUS WskClient::Send(const char* Data, ULONG Length)
{
    if (s_Socket == nullptr) {
        return STATUS_INVALID_DEVICE_STATE;
    }

    PMDL mdl = IoAllocateMdl(const_cast<char*>(Data), Length, FALSE, FALSE, nullptr);
    if (mdl == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(mdl);
    wl::scope_exit freeMdl([mdl] { IoFreeMdl(mdl); });

    wl::SyncIrp send;
    if (!send) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WSK_BUF buf = {};
    buf.Mdl = mdl;
    buf.Offset = 0;
    buf.Length = Length;

    SOCKADDR_IN remote = {};
    remote.sin_family = AF_INET;
    remote.sin_addr.s_addr = RtlUlongByteSwap(WL_COLLECTOR_IP);
    remote.sin_port = RtlUshortByteSwap(WL_COLLECTOR_PORT);

    auto dispatch = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(s_Socket->Dispatch);
    return send.Wait(dispatch->WskSendTo(s_Socket, &buf, 0, reinterpret_cast<PSOCKADDR>(&remote),
                                         0, nullptr, send.get()));
}
