//
// wskclient.cpp - the WSK side: registration, worker thread, one HTTP GET
//
#include "fetch.h"

namespace fetch {

static const WSK_CLIENT_DISPATCH g_dispatch = { MAKE_WSK_VERSION(1, 0), 0, nullptr };

WSK_REGISTRATION  Client::s_reg;
WSK_PROVIDER_NPI  Client::s_npi;
PCUNICODE_STRING  Client::s_serviceKey = nullptr;
HANDLE            Client::s_thread = nullptr;
KEVENT            Client::s_stop;

// ---- SyncIrp --------------------------------------------------------------

SyncIrp::SyncIrp() : m_irp(IoAllocateIrp(1, FALSE))
{
    KeInitializeEvent(&m_event, SynchronizationEvent, FALSE);
}

SyncIrp::~SyncIrp()
{
    if (m_irp != nullptr) {
        IoFreeIrp(m_irp);
    }
}

NTSTATUS SyncIrp::Done(PDEVICE_OBJECT, PIRP, PVOID ctx)
{
    KeSetEvent(static_cast<PKEVENT>(ctx), IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

PIRP SyncIrp::Get()
{
    IoReuseIrp(m_irp, STATUS_UNSUCCESSFUL);
    KeResetEvent(&m_event);
    IoSetCompletionRoutine(m_irp, Done, &m_event, TRUE, TRUE, TRUE);
    return m_irp;
}

NTSTATUS SyncIrp::Wait(NTSTATUS callStatus, PKEVENT stop)
{
    if (callStatus == STATUS_PENDING) {
        PVOID objs[2] = { &m_event, stop };
        if (KeWaitForMultipleObjects(2, objs, WaitAny, Executive, KernelMode, FALSE,
                                     nullptr, nullptr) == STATUS_WAIT_1) {
            IoCancelIrp(m_irp);
            KeWaitForSingleObject(&m_event, Executive, KernelMode, FALSE, nullptr);
        }
    }
    return m_irp->IoStatus.Status;
}

// ---- Client ---------------------------------------------------------------

NTSTATUS Client::Register()
{
    WSK_CLIENT_NPI cn = { nullptr, &g_dispatch };
    return WskRegister(&cn, &s_reg);
}

void Client::Deregister()
{
    WskDeregister(&s_reg);
}

NTSTATUS Client::RunOnce(const Config& cfg)
{
    SyncIrp irp;
    if (!irp.Ok()) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    SOCKADDR_IN local = {}, remote = {};
    local.sin_family = AF_INET;
    remote.sin_family = AF_INET;
    remote.sin_addr.s_addr = cfg.ServerIp;
    remote.sin_port = RtlUshortByteSwap(cfg.ServerPort);

    NTSTATUS status = irp.Wait(
        s_npi.Dispatch->WskSocketConnect(s_npi.Client, SOCK_STREAM, IPPROTO_TCP,
                                         reinterpret_cast<PSOCKADDR>(&local),
                                         reinterpret_cast<PSOCKADDR>(&remote),
                                         0, nullptr, nullptr, nullptr, nullptr, nullptr, irp.Get()),
        &s_stop);
    if (!NT_SUCCESS(status)) {
        FLOG("connect failed 0x%08X", status);
        return status;
    }
    auto sock = reinterpret_cast<PWSK_SOCKET>(irp.Info());
    auto cd = static_cast<PWSK_PROVIDER_CONNECTION_DISPATCH>(const_cast<void*>(sock->Dispatch));

    auto buf = static_cast<char*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, FETCH_RX_SIZE, FETCH_TAG));
    PMDL mdl = buf ? IoAllocateMdl(buf, FETCH_RX_SIZE, FALSE, FALSE, nullptr) : nullptr;

    auto closeAll = [&]() {
        if (mdl) IoFreeMdl(mdl);
        if (buf) ExFreePoolWithTag(buf, FETCH_TAG);
        irp.Wait(cd->Basic.WskCloseSocket(sock, irp.Get()), &s_stop);
    };

    if (mdl == nullptr) {
        closeAll();
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(mdl);

    static const char req[] = "GET / HTTP/1.0\r\nUser-Agent: wskfetch\r\n\r\n";
    RtlCopyMemory(buf, req, sizeof(req) - 1);
    WSK_BUF wb = { mdl, 0, sizeof(req) - 1 };

    status = irp.Wait(cd->WskSend(sock, &wb, 0, irp.Get()), &s_stop);
    if (NT_SUCCESS(status)) {
        wb.Length = FETCH_RX_SIZE - 1;
        status = irp.Wait(cd->WskReceive(sock, &wb, 0, irp.Get()), &s_stop);
        if (NT_SUCCESS(status)) {
            buf[irp.Info()] = '\0';
            char* eol = strchr(buf, '\r');
            if (eol) *eol = '\0';
            FLOG("server said: %s", buf);
        }
    }

    closeAll();
    return status;
}

void Client::Worker(PVOID)
{
    Config cfg;
    NTSTATUS status = cfg.Load(s_serviceKey);
    FLOG("config 0x%08X -> %08X:%u", status, cfg.ServerIp, cfg.ServerPort);

    // the WSK subsystem may not be up yet if we are a boot-start driver
    for (;;) {
        status = WskCaptureProviderNPI(&s_reg, 1000, &s_npi);
        if (status != STATUS_DEVICE_NOT_READY ||
            KeReadStateEvent(&s_stop) != 0) {
            break;
        }
    }

    if (NT_SUCCESS(status)) {
        RunOnce(cfg);
        WskReleaseProviderNPI(&s_reg);
    } else {
        FLOG("no WSK provider 0x%08X", status);
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

} // namespace fetch
