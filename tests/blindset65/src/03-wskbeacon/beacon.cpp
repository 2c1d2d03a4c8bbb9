//
// beacon.cpp - the WSK side. Everything here runs at PASSIVE_LEVEL.
//
#include "beacon.h"

namespace beacon {

const WSK_CLIENT_DISPATCH Client::s_Dispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    nullptr
};

WSK_REGISTRATION Client::s_Registration;
WSK_PROVIDER_NPI Client::s_Provider;
PWSK_SOCKET      Client::s_Socket = nullptr;
PIRP             Client::s_CloseIrp = nullptr;
LONG             Client::s_Sent   = 0;

_Use_decl_annotations_
NTSTATUS Client::Complete(PDEVICE_OBJECT devObj, PIRP irp, PVOID ctx)
{
    UNREFERENCED_PARAMETER(devObj);
    UNREFERENCED_PARAMETER(irp);

    KeSetEvent(static_cast<PKEVENT>(ctx), IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS Client::CallAndWait(PIRP irp, PKEVENT ev, NTSTATUS callStatus)
{
    if (callStatus == STATUS_PENDING) {
        KeWaitForSingleObject(ev, Executive, KernelMode, FALSE, nullptr);
        callStatus = irp->IoStatus.Status;
    }
    return callStatus;
}

NTSTATUS Client::Start()
{
    WSK_CLIENT_NPI npi;
    npi.ClientContext = nullptr;
    npi.Dispatch      = &s_Dispatch;

    NTSTATUS status = WskRegister(&npi, &s_Registration);
    if (!NT_SUCCESS(status)) {
        LOG("WskRegister 0x%08X", status);
        return status;
    }

    status = WskCaptureProviderNPI(&s_Registration, BEACON_TIMEOUT_MS, &s_Provider);
    if (!NT_SUCCESS(status)) {
        LOG("WskCaptureProviderNPI 0x%08X", status);
        WskDeregister(&s_Registration);
        return status;
    }
    return STATUS_SUCCESS;
}

bool Client::OpenSocket()
{
    KEVENT ev;
    KeInitializeEvent(&ev, SynchronizationEvent, FALSE);

    PIRP irp = IoAllocateIrp(1, FALSE);
    if (irp == nullptr) {
        return false;
    }

    IoSetCompletionRoutine(irp, Complete, &ev, TRUE, TRUE, TRUE);
    NTSTATUS status = s_Provider.Dispatch->WskSocket(s_Provider.Client,
                                                     AF_INET,
                                                     SOCK_DGRAM,
                                                     IPPROTO_UDP,
                                                     WSK_FLAG_DATAGRAM_SOCKET,
                                                     nullptr,
                                                     nullptr,
                                                     nullptr,
                                                     nullptr,
                                                     nullptr,
                                                     irp);
    status = CallAndWait(irp, &ev, status);
    if (!NT_SUCCESS(status)) {
        LOG("WskSocket 0x%08X", status);
        IoFreeIrp(irp);
        return false;
    }
    s_Socket = reinterpret_cast<PWSK_SOCKET>(irp->IoStatus.Information);

    // bind to INADDR_ANY:0, the stack picks the port
    SOCKADDR_IN local = {};
    local.sin_family = AF_INET;

    IoReuseIrp(irp, STATUS_UNSUCCESSFUL);
    KeClearEvent(&ev);
    IoSetCompletionRoutine(irp, Complete, &ev, TRUE, TRUE, TRUE);
    auto dgram = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(s_Socket->Dispatch);
    status = dgram->WskBind(s_Socket, reinterpret_cast<PSOCKADDR>(&local), 0, irp);
    status = CallAndWait(irp, &ev, status);

    // keep the irp around, CloseSocket must not depend on an allocation
    s_CloseIrp = irp;

    if (!NT_SUCCESS(status)) {
        LOG("WskBind 0x%08X", status);
        CloseSocket();
        return false;
    }
    return true;
}

NTSTATUS Client::SendText(const char* text, const Config& cfg)
{
    if (s_Socket == nullptr) {
        return STATUS_INVALID_DEVICE_STATE;
    }

    size_t len = strlen(text);
    void* buf = ExAllocatePool2(POOL_FLAG_NON_PAGED, len, BEACON_TAG);
    if (buf == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(buf, text, len);

    NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;
    PMDL mdl = IoAllocateMdl(buf, static_cast<ULONG>(len), FALSE, FALSE, nullptr);
    PIRP irp = IoAllocateIrp(1, FALSE);

    if (mdl != nullptr && irp != nullptr) {
        MmBuildMdlForNonPagedPool(mdl);

        WSK_BUF wbuf;
        wbuf.Mdl    = mdl;
        wbuf.Offset = 0;
        wbuf.Length = len;

        SOCKADDR_IN to = {};
        to.sin_family           = AF_INET;
        to.sin_port             = RtlUshortByteSwap(cfg.Port);
        to.sin_addr.S_un.S_addr = cfg.TargetAddr;

        KEVENT ev;
        KeInitializeEvent(&ev, SynchronizationEvent, FALSE);
        IoSetCompletionRoutine(irp, Complete, &ev, TRUE, TRUE, TRUE);

        auto dgram = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(s_Socket->Dispatch);
        status = dgram->WskSendTo(s_Socket, &wbuf, 0, reinterpret_cast<PSOCKADDR>(&to),
                                  0, nullptr, irp);
        status = CallAndWait(irp, &ev, status);
        if (NT_SUCCESS(status)) {
            InterlockedIncrement(&s_Sent);
        }
    }

    if (irp) IoFreeIrp(irp);
    if (mdl) IoFreeMdl(mdl);
    ExFreePoolWithTag(buf, BEACON_TAG);
    return status;
}

void Client::CloseSocket()
{
    if (s_Socket == nullptr) {
        return;
    }

    KEVENT ev;
    KeInitializeEvent(&ev, SynchronizationEvent, FALSE);
    PIRP irp = s_CloseIrp;
    IoReuseIrp(irp, STATUS_UNSUCCESSFUL);
    IoSetCompletionRoutine(irp, Complete, &ev, TRUE, TRUE, TRUE);

    auto basic = static_cast<const WSK_PROVIDER_BASIC_DISPATCH*>(s_Socket->Dispatch);
    CallAndWait(irp, &ev, basic->WskCloseSocket(s_Socket, irp));
    IoFreeIrp(irp);
    s_CloseIrp = nullptr;
    s_Socket = nullptr;
}

void Client::Stop()
{
    WskReleaseProviderNPI(&s_Registration);
    WskDeregister(&s_Registration);
}

} // namespace beacon
