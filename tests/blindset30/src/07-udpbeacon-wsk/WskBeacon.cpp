// WskBeacon.cpp
#include "WskBeacon.h"

static const WSK_CLIENT_DISPATCH g_WskClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    nullptr
};

//
// SyncIrp
//
WskBeacon::SyncIrp::SyncIrp()
{
    KeInitializeEvent(&m_event, SynchronizationEvent, FALSE);

    m_irp = IoAllocateIrp(1, FALSE);
    if (m_irp != nullptr) {
        IoSetCompletionRoutine(m_irp, Complete, &m_event, TRUE, TRUE, TRUE);
    }
}

WskBeacon::SyncIrp::~SyncIrp()
{
    if (m_irp != nullptr) {
        IoFreeIrp(m_irp);
    }
}

_Use_decl_annotations_
NTSTATUS WskBeacon::SyncIrp::Complete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent(static_cast<PKEVENT>(Context), IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS WskBeacon::SyncIrp::Wait(_In_ NTSTATUS CallStatus)
{
    if (CallStatus == STATUS_PENDING) {
        KeWaitForSingleObject(&m_event, Executive, KernelMode, FALSE, nullptr);
        CallStatus = m_irp->IoStatus.Status;
    }
    return CallStatus;
}

//
// WskBeacon
//
NTSTATUS WskBeacon::Init(_In_ const SOCKADDR_IN& Target)
{
    NTSTATUS status;
    WSK_CLIENT_NPI clientNpi;

    m_target = Target;

    clientNpi.ClientContext = this;
    clientNpi.Dispatch = &g_WskClientDispatch;

    status = WskRegister(&clientNpi, &m_registration);
    if (!NT_SUCCESS(status)) {
        BLOG("WskRegister failed 0x%08X", status);
        return status;
    }

    status = WskCaptureProviderNPI(&m_registration, BEACON_NPI_WAIT_MS, &m_npi);
    if (!NT_SUCCESS(status)) {
        BLOG("WskCaptureProviderNPI failed 0x%08X", status);
        return status;
    }
    m_npiCaptured = true;

    status = CreateSocket();
    if (!NT_SUCCESS(status)) {
        BLOG("CreateSocket failed 0x%08X", status);
        return status;
    }

    status = Bind();
    if (!NT_SUCCESS(status)) {
        BLOG("Bind failed 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS WskBeacon::CreateSocket()
{
    SyncIrp irp;
    if (irp.Get() == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = m_npi.Dispatch->WskSocket(m_npi.Client,
                                                AF_INET,
                                                SOCK_DGRAM,
                                                IPPROTO_UDP,
                                                WSK_FLAG_DATAGRAM_SOCKET,
                                                nullptr,    // no socket context
                                                nullptr,    // no event callbacks
                                                nullptr,
                                                nullptr,
                                                nullptr,
                                                irp.Get());
    status = irp.Wait(status);
    if (NT_SUCCESS(status)) {
        m_socket = reinterpret_cast<PWSK_SOCKET>(irp.Information());
    }
    return status;
}

NTSTATUS WskBeacon::Bind()
{
    SyncIrp irp;
    if (irp.Get() == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    SOCKADDR_IN local = {};
    local.sin_family = AF_INET;
    local.sin_port = 0;                         // any port
    local.sin_addr.s_addr = INADDR_ANY;

    auto dispatch = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(m_socket->Dispatch);
    NTSTATUS status = dispatch->WskBind(m_socket, reinterpret_cast<PSOCKADDR>(&local), 0, irp.Get());
    return irp.Wait(status);
}

NTSTATUS WskBeacon::SendText(_In_z_ const char* Text)
{
    if (m_socket == nullptr) {
        return STATUS_INVALID_DEVICE_STATE;
    }

    size_t len = strlen(Text);
    if (len == 0 || len > 512) {
        return STATUS_INVALID_PARAMETER;
    }

    // WSK needs an MDL over non-paged memory
    void* copy = ExAllocatePool2(POOL_FLAG_NON_PAGED, len, BEACON_TAG);
    if (copy == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(copy, Text, len);

    PMDL mdl = IoAllocateMdl(copy, static_cast<ULONG>(len), FALSE, FALSE, nullptr);
    if (mdl == nullptr) {
        ExFreePoolWithTag(copy, BEACON_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(mdl);

    NTSTATUS status;
    {
        SyncIrp irp;
        if (irp.Get() == nullptr) {
            status = STATUS_INSUFFICIENT_RESOURCES;
        } else {
            WSK_BUF buf;
            buf.Mdl = mdl;
            buf.Offset = 0;
            buf.Length = len;

            auto dispatch = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(m_socket->Dispatch);
            status = dispatch->WskSendTo(m_socket, &buf, 0,
                                         reinterpret_cast<PSOCKADDR>(&m_target),
                                         0, nullptr, irp.Get());
            status = irp.Wait(status);
        }
    }

    IoFreeMdl(mdl);
    ExFreePoolWithTag(copy, BEACON_TAG);
    return status;
}

WskBeacon::~WskBeacon()
{
    if (m_npiCaptured) {
        WskReleaseProviderNPI(&m_registration);
        m_npiCaptured = false;

        // blocks until every outstanding WSK call has returned
        WskDeregister(&m_registration);
    }
}
