//
// WskClient.cpp
//
#include "WskClient.h"
#include "Trace.h"

namespace np {

static const ULONG kNpiWaitMs = 2000;

const WSK_CLIENT_DISPATCH WskClient::s_ClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    nullptr     // no WskClientEvent needed for 1.0
};

//
// RAII lease on the provider NPI: WskCaptureProviderNPI in Capture(),
// WskReleaseProviderNPI in the destructor, exactly once per success.
//
class ProviderNpiLease
{
public:
    explicit ProviderNpiLease(PWSK_REGISTRATION Registration)
        : m_Registration(Registration), m_Captured(false) { RtlZeroMemory(&m_Npi, sizeof(m_Npi)); }

    ~ProviderNpiLease() { if (m_Captured) { WskReleaseProviderNPI(m_Registration); } }

    NTSTATUS Capture(ULONG WaitMs)
    {
        NTSTATUS status = WskCaptureProviderNPI(m_Registration, WaitMs, &m_Npi);
        m_Captured = NT_SUCCESS(status);
        return status;
    }

    const WSK_PROVIDER_NPI& Npi() const { return m_Npi; }

    ProviderNpiLease(const ProviderNpiLease&) = delete;
    ProviderNpiLease& operator=(const ProviderNpiLease&) = delete;

private:
    PWSK_REGISTRATION m_Registration;
    WSK_PROVIDER_NPI  m_Npi;
    bool              m_Captured;
};

static IO_COMPLETION_ROUTINE NpSyncIrpCompletion;

static NTSTATUS
NpSyncIrpCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent(static_cast<PKEVENT>(Context), IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;     // the IRP is ours
}

WskClient::WskClient() : m_Registered(false) { RtlZeroMemory(&m_Registration, sizeof(m_Registration)); }

WskClient::~WskClient() { Deregister(); }

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
WskClient::Register()
{
    WSK_CLIENT_NPI clientNpi;
    NTSTATUS status;

    if (m_Registered) {
        return STATUS_SUCCESS;
    }

    clientNpi.ClientContext = this;
    clientNpi.Dispatch = &s_ClientDispatch;

    status = WskRegister(&clientNpi, &m_Registration);
    if (!NT_SUCCESS(status)) {
        NP_ERROR("WskRegister failed 0x%08X", status);
        return status;
    }
    m_Registered = true;
    return STATUS_SUCCESS;
}

_IRQL_requires_(PASSIVE_LEVEL)
VOID
WskClient::Deregister()
{
    if (m_Registered) {
        WskDeregister(&m_Registration);
        m_Registered = false;
    }
}

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
WskClient::TcpConnectProbe(
    _In_ const SOCKADDR_IN* Remote,
    _In_ ULONG TimeoutMs,
    _Out_ PULONG ElapsedMs
    )
{
    NTSTATUS status;
    KEVENT event;
    SOCKADDR_IN local;
    LARGE_INTEGER timeout;
    ULONGLONG start;
    PWSK_SOCKET socket;
    PIRP irp;

    *ElapsedMs = 0;

    if (!m_Registered) {
        return STATUS_DEVICE_NOT_READY;
    }

    ProviderNpiLease lease(&m_Registration);
    status = lease.Capture(kNpiWaitMs);
    if (!NT_SUCCESS(status)) {
        NP_WARN("WskCaptureProviderNPI 0x%08X", status);
        return status;
    }

    irp = IoAllocateIrp(1, FALSE);
    if (irp == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlZeroMemory(&local, sizeof(local));
    local.sin_family = AF_INET;

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, NpSyncIrpCompletion, &event, TRUE, TRUE, TRUE);

    start = KeQueryInterruptTime();

    status = lease.Npi().Dispatch->WskSocketConnect(lease.Npi().Client, SOCK_STREAM, IPPROTO_TCP,
                                                    reinterpret_cast<PSOCKADDR>(&local),
                                                    reinterpret_cast<PSOCKADDR>(const_cast<SOCKADDR_IN*>(Remote)),
                                                    0, nullptr, nullptr, nullptr, nullptr, nullptr, irp);
    if (status == STATUS_PENDING) {
        timeout.QuadPart = -10000LL * TimeoutMs;
        if (KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout) == STATUS_TIMEOUT) {
            IoCancelIrp(irp);
            KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr);
        }
    }
    status = irp->IoStatus.Status;
    *ElapsedMs = static_cast<ULONG>((KeQueryInterruptTime() - start) / 10000);

    if (NT_SUCCESS(status)) {
        // Connected: close the socket again, reusing the IRP.
        socket = reinterpret_cast<PWSK_SOCKET>(irp->IoStatus.Information);

        IoReuseIrp(irp, STATUS_UNSUCCESSFUL);
        KeClearEvent(&event);
        IoSetCompletionRoutine(irp, NpSyncIrpCompletion, &event, TRUE, TRUE, TRUE);

        if (static_cast<const WSK_PROVIDER_CONNECTION_DISPATCH*>(socket->Dispatch)->Basic.WskCloseSocket(socket, irp) == STATUS_PENDING) {
            KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr);
        }
    }

    IoFreeIrp(irp);
    NP_EVENT_PROBE(status, *ElapsedMs);
    return status;      // the lease releases the provider NPI on the way out
}

} // namespace np
