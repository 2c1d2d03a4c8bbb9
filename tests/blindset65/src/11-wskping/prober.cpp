//
// prober.cpp - the worker thread: capture the provider, open a socket,
// probe until told to stop, tear everything down in reverse.
//
#include "wskping.h"

namespace wskping {

namespace {

IO_COMPLETION_ROUTINE SignalDone;

NTSTATUS SignalDone(PDEVICE_OBJECT, PIRP, PVOID ctx)
{
    KeSetEvent(static_cast<PKEVENT>(ctx), IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

// one irp + event, reused for every synchronous WSK call on this thread
class SyncIrp {
public:
    SyncIrp() : m_irp(IoAllocateIrp(1, FALSE)) { KeInitializeEvent(&m_ev, SynchronizationEvent, FALSE); }
    ~SyncIrp() { if (m_irp) IoFreeIrp(m_irp); }
    SyncIrp(const SyncIrp&) = delete;
    SyncIrp& operator=(const SyncIrp&) = delete;

    bool Valid() const { return m_irp != nullptr; }

    PIRP Arm()
    {
        IoReuseIrp(m_irp, STATUS_UNSUCCESSFUL);
        KeClearEvent(&m_ev);
        IoSetCompletionRoutine(m_irp, SignalDone, &m_ev, TRUE, TRUE, TRUE);
        return m_irp;
    }

    NTSTATUS Wait(NTSTATUS st)
    {
        if (st == STATUS_PENDING) {
            KeWaitForSingleObject(&m_ev, Executive, KernelMode, FALSE, nullptr);
            st = m_irp->IoStatus.Status;
        }
        return st;
    }

    ULONG_PTR Info() const { return m_irp->IoStatus.Information; }

private:
    PIRP   m_irp;
    KEVENT m_ev;
};

class NpiGuard {
public:
    explicit NpiGuard(PWSK_REGISTRATION r) : m_reg(r) {}
    ~NpiGuard() { WskReleaseProviderNPI(m_reg); }
    NpiGuard(const NpiGuard&) = delete;
    NpiGuard& operator=(const NpiGuard&) = delete;
private:
    PWSK_REGISTRATION m_reg;
};

class SocketGuard {
public:
    SocketGuard(PWSK_SOCKET s, SyncIrp& irp) : m_sock(s), m_irp(irp) {}
    ~SocketGuard()
    {
        auto basic = static_cast<const WSK_PROVIDER_BASIC_DISPATCH*>(m_sock->Dispatch);
        m_irp.Wait(basic->WskCloseSocket(m_sock, m_irp.Arm()));
    }
    SocketGuard(const SocketGuard&) = delete;
    SocketGuard& operator=(const SocketGuard&) = delete;
private:
    PWSK_SOCKET m_sock;
    SyncIrp&    m_irp;
};

bool StopRequested(ULONG waitMs)
{
    LARGE_INTEGER t;
    t.QuadPart = -10000LL * waitMs;
    return KeWaitForSingleObject(&g.StopEvent, Executive, KernelMode, FALSE, &t) == STATUS_SUCCESS;
}

NTSTATUS RunProbes(const WSK_PROVIDER_NPI& npi, SyncIrp& irp)
{
    NTSTATUS status = npi.Dispatch->WskSocket(npi.Client, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
                                              WSK_FLAG_DATAGRAM_SOCKET, nullptr, nullptr,
                                              nullptr, nullptr, nullptr, irp.Arm());
    status = irp.Wait(status);
    if (!NT_SUCCESS(status)) {
        WP_LOG("WskSocket 0x%08X", status);
        return status;
    }
    auto sock = reinterpret_cast<PWSK_SOCKET>(irp.Info());
    SocketGuard closeOnExit(sock, irp);     // declared after irp, destroyed before it

    auto dgram = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(sock->Dispatch);
    SOCKADDR_IN local = {};
    local.sin_family = AF_INET;
    status = irp.Wait(dgram->WskBind(sock, reinterpret_cast<PSOCKADDR>(&local), 0, irp.Arm()));
    if (!NT_SUCCESS(status)) {
        WP_LOG("WskBind 0x%08X", status);
        return status;
    }

    static char payload[] = "wskping probe";
    PMDL mdl = IoAllocateMdl(payload, sizeof(payload) - 1, FALSE, FALSE, nullptr);
    if (mdl == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(mdl);

    SOCKADDR_IN to = {};
    to.sin_family           = AF_INET;
    to.sin_port             = RtlUshortByteSwap(g.Config.TargetPort);
    to.sin_addr.S_un.S_addr = g.Config.TargetAddr;

    do {
        WSK_BUF buf = { mdl, 0, sizeof(payload) - 1 };
        status = irp.Wait(dgram->WskSendTo(sock, &buf, 0, reinterpret_cast<PSOCKADDR>(&to),
                                           0, nullptr, irp.Arm()));
        if (NT_SUCCESS(status)) {
            InterlockedIncrement(&g.ProbesSent);
        }
    } while (!StopRequested(g.Config.PeriodMs));

    IoFreeMdl(mdl);
    return STATUS_SUCCESS;
}

} // anonymous namespace

_Use_decl_annotations_
void ProbeThread(PVOID ctx)
{
    UNREFERENCED_PARAMETER(ctx);

    NTSTATUS status;
    WSK_PROVIDER_NPI npi;

    ReadSettings(&g.RegistryPath, &g.Config);

    // wait for the provider in slices so an unload is never held up
    for (;;) {
        status = WskCaptureProviderNPI(&g.Registration, WP_CAPTURE_SLICE, &npi);
        if (NT_SUCCESS(status)) {
            break;
        }
        if (status != STATUS_DEVICE_NOT_READY || StopRequested(0)) {
            WP_LOG("no provider: 0x%08X", status);
            PsTerminateSystemThread(status);
        }
    }

    {
        NpiGuard release(&g.Registration);
        SyncIrp irp;
        status = irp.Valid() ? RunProbes(npi, irp) : STATUS_INSUFFICIENT_RESOURCES;
    }   // socket closed, irp freed, NPI released - in that order

    PsTerminateSystemThread(status);
}

} // namespace wskping
