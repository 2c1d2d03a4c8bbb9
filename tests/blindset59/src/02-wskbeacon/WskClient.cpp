#include "WskClient.h"

namespace beacon {

WSK_REGISTRATION WskClient::s_registration;
WSK_PROVIDER_NPI WskClient::s_provider;
PWSK_SOCKET      WskClient::s_socket = nullptr;
SOCKADDR_IN      WskClient::s_collector;
bool             WskClient::s_registered = false;
bool             WskClient::s_captured = false;

// ---------------------------------------------------------------- SyncIrp

SyncIrp::SyncIrp()
{
    KeInitializeEvent(&m_done, SynchronizationEvent, FALSE);
    m_irp = IoAllocateIrp(1, FALSE);
    if (m_irp != nullptr) {
        IoSetCompletionRoutine(m_irp, OnComplete, &m_done, TRUE, TRUE, TRUE);
    }
}

SyncIrp::~SyncIrp()
{
    if (m_irp != nullptr) {
        IoFreeIrp(m_irp);
    }
}

_Use_decl_annotations_
NTSTATUS SyncIrp::OnComplete(PDEVICE_OBJECT, PIRP, PVOID context)
{
    KeSetEvent(static_cast<PKEVENT>(context), IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;   // we own the IRP
}

NTSTATUS SyncIrp::Wait(NTSTATUS issued)
{
    if (issued == STATUS_PENDING) {
        KeWaitForSingleObject(&m_done, Executive, KernelMode, FALSE, nullptr);
        issued = m_irp->IoStatus.Status;
    }
    return issued;
}

// -------------------------------------------------------------- WskClient

NTSTATUS WskClient::Initialize(const Config& cfg)
{
    NTSTATUS status;
    WSK_CLIENT_DISPATCH dispatch = { MAKE_WSK_VERSION(1, 0), 0, nullptr };
    WSK_CLIENT_NPI clientNpi;

    clientNpi.ClientContext = nullptr;
    clientNpi.Dispatch = &dispatch;

    status = WskRegister(&clientNpi, &s_registration);
    if (!NT_SUCCESS(status)) {
        BERR("WskRegister failed 0x%08X", status);
        return status;
    }
    s_registered = true;

    status = WskCaptureProviderNPI(&s_registration, cfg.CaptureTimeoutMs, &s_provider);
    if (!NT_SUCCESS(status)) {
        BERR("WskCaptureProviderNPI failed 0x%08X", status);
        WskDeregister(&s_registration);
        s_registered = false;
        return status;
    }
    s_captured = true;

    RtlZeroMemory(&s_collector, sizeof(s_collector));
    s_collector.sin_family = AF_INET;
    s_collector.sin_port = RtlUshortByteSwap(static_cast<USHORT>(cfg.CollectorPort));
    s_collector.sin_addr.s_addr = RtlUlongByteSwap(cfg.CollectorAddress);

    status = OpenSocket();
    if (!NT_SUCCESS(status)) {
        WskReleaseProviderNPI(&s_registration);
        s_captured = false;
        WskDeregister(&s_registration);
        s_registered = false;
        return status;
    }

    BLOG("ready, collector %08X:%u", cfg.CollectorAddress, cfg.CollectorPort);
    return STATUS_SUCCESS;
}

void WskClient::Shutdown()
{
    CloseSocket();

    if (s_registered) {
        // WskDeregister blocks until every outstanding call on the
        // provider has drained, so after it returns nothing can touch us
        WskDeregister(&s_registration);
        s_registered = false;
    }
    s_captured = false;
}

NTSTATUS WskClient::OpenSocket()
{
    NTSTATUS status;
    SOCKADDR_IN local = {};

    {
        SyncIrp irp;
        if (!irp.Ok()) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        status = s_provider.Dispatch->WskSocket(
            s_provider.Client, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
            WSK_FLAG_DATAGRAM_SOCKET, nullptr, nullptr,
            nullptr, nullptr, nullptr, irp.Get());
        status = irp.Wait(status);
        if (!NT_SUCCESS(status)) {
            BERR("WskSocket failed 0x%08X", status);
            return status;
        }
        s_socket = reinterpret_cast<PWSK_SOCKET>(irp.Get()->IoStatus.Information);
    }

    local.sin_family = AF_INET;
    local.sin_addr.s_addr = INADDR_ANY;
    local.sin_port = 0;

    {
        SyncIrp irp;
        if (!irp.Ok()) {
            CloseSocket();
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        auto dgram = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(s_socket->Dispatch);
        status = dgram->WskBind(s_socket, reinterpret_cast<PSOCKADDR>(&local), 0, irp.Get());
        status = irp.Wait(status);
    }
    if (!NT_SUCCESS(status)) {
        BERR("WskBind failed 0x%08X", status);
        CloseSocket();
    }
    return status;
}

void WskClient::CloseSocket()
{
    if (s_socket == nullptr) {
        return;
    }

    SyncIrp irp;
    if (irp.Ok()) {
        auto basic = static_cast<const WSK_PROVIDER_BASIC_DISPATCH*>(s_socket->Dispatch);
        irp.Wait(basic->WskCloseSocket(s_socket, irp.Get()));
    }
    s_socket = nullptr;
}

NTSTATUS WskClient::SendBeacon(const char* text)
{
    NTSTATUS status;
    size_t len = 0;
    PCHAR buffer;
    PMDL mdl;
    WSK_BUF wskBuf;

    if (s_socket == nullptr) {
        return STATUS_INVALID_DEVICE_STATE;
    }

    while (len < BEACON_MAX_PAYLOAD && text[len] != '\0') {
        len++;
    }

    buffer = static_cast<PCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, BEACON_MAX_PAYLOAD, BEACON_TAG));
    if (buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(buffer, text, len);

    mdl = IoAllocateMdl(buffer, static_cast<ULONG>(len), FALSE, FALSE, nullptr);
    if (mdl == nullptr) {
        ExFreePoolWithTag(buffer, BEACON_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(mdl);

    wskBuf.Mdl = mdl;
    wskBuf.Offset = 0;
    wskBuf.Length = len;

    {
        SyncIrp irp;
        if (irp.Ok()) {
            auto dgram = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(s_socket->Dispatch);
            status = irp.Wait(dgram->WskSendTo(s_socket, &wskBuf, 0,
                                               reinterpret_cast<PSOCKADDR>(&s_collector),
                                               0, nullptr, irp.Get()));
        } else {
            status = STATUS_INSUFFICIENT_RESOURCES;
        }
    }

    IoFreeMdl(mdl);
    ExFreePoolWithTag(buffer, BEACON_TAG);
    return status;
}

} // namespace beacon
