#include "Heartbeat.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD HbUnload;

#pragma alloc_text(INIT, DriverEntry)

namespace hb {

Globals g;

static const WSK_CLIENT_DISPATCH kClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    nullptr
};

static bool StopRequested()
{
    return KeReadStateEvent(&g.StopEvent) != 0;
}

static NTSTATUS OpenSocket(const WSK_PROVIDER_NPI& npi, SyncIrp& irp, PWSK_SOCKET* socket)
{
    NTSTATUS status = npi.Dispatch->WskSocket(npi.Client, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
                                              WSK_FLAG_DATAGRAM_SOCKET, nullptr, nullptr,
                                              nullptr, nullptr, nullptr, irp.Get());
    status = irp.Wait(status);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    *socket = reinterpret_cast<PWSK_SOCKET>(irp.Get()->IoStatus.Information);

    SOCKADDR_IN local = {};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = INADDR_ANY;
    local.sin_port = 0;

    irp.Reset();
    auto dispatch = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>((*socket)->Dispatch);
    status = dispatch->WskBind(*socket, reinterpret_cast<PSOCKADDR>(&local), 0, irp.Get());
    return irp.Wait(status);
}

static void CloseSocket(PWSK_SOCKET socket, SyncIrp& irp)
{
    irp.Reset();
    auto dispatch = static_cast<const WSK_PROVIDER_BASIC_DISPATCH*>(socket->Dispatch);
    irp.Wait(dispatch->WskCloseSocket(socket, irp.Get()));
}

static NTSTATUS SendBeat(PWSK_SOCKET socket, SyncIrp& irp, PCHAR payload, PMDL mdl, ULONG seq)
{
    size_t len = 0;
    NTSTATUS status = RtlStringCchPrintfA(payload, kPayloadMax, "hb seq=%lu tick=%llu",
                                          seq, KeQueryInterruptTime());
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlStringCchLengthA(payload, kPayloadMax, &len);

    WSK_BUF buf;
    buf.Mdl = mdl;
    buf.Offset = 0;
    buf.Length = len;

    irp.Reset();
    auto dispatch = static_cast<const WSK_PROVIDER_DATAGRAM_DISPATCH*>(socket->Dispatch);
    status = dispatch->WskSendTo(socket, &buf, 0, reinterpret_cast<PSOCKADDR>(&g.Target),
                                 0, nullptr, irp.Get());
    return irp.Wait(status);
}

static void Run(const WSK_PROVIDER_NPI& npi)
{
    SyncIrp irp;
    if (!NT_SUCCESS(irp.Init())) {
        return;
    }

    auto payload = static_cast<PCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, kPayloadMax, kTag));
    if (payload == nullptr) {
        return;
    }
    PMDL mdl = IoAllocateMdl(payload, kPayloadMax, FALSE, FALSE, nullptr);
    if (mdl == nullptr) {
        ExFreePoolWithTag(payload, kTag);
        return;
    }
    MmBuildMdlForNonPagedPool(mdl);

    PWSK_SOCKET socket = nullptr;
    NTSTATUS status = OpenSocket(npi, irp, &socket);
    if (NT_SUCCESS(status)) {
        LARGE_INTEGER interval;
        interval.QuadPart = -10LL * 1000 * g.IntervalMs;
        ULONG seq = 0;

        while (KeWaitForSingleObject(&g.StopEvent, Executive, KernelMode, FALSE, &interval) == STATUS_TIMEOUT) {
            if (NT_SUCCESS(SendBeat(socket, irp, payload, mdl, seq++))) {
                InterlockedIncrement(&g.Sent);
            }
        }
    }
    if (socket != nullptr) {
        CloseSocket(socket, irp);
    }

    IoFreeMdl(mdl);
    ExFreePoolWithTag(payload, kTag);
}

VOID WorkerMain(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    WSK_PROVIDER_NPI npi;
    NTSTATUS status;

    for (;;) {
        status = WskCaptureProviderNPI(&g.Registration, 1000, &npi);
        if (NT_SUCCESS(status)) {
            break;
        }
        if (status != STATUS_DEVICE_NOT_READY || StopRequested()) {
            PsTerminateSystemThread(status);
        }
    }

    Run(npi);
    WskReleaseProviderNPI(&g.Registration);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

} // namespace hb

static VOID HbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    KeSetEvent(&hb::g.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(hb::g.Thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(hb::g.Thread);
    hb::g.Thread = nullptr;

    WskDeregister(&hb::g.Registration);
    KdPrint(("wskhb: unloaded, %ld beats sent\n", hb::g.Sent));
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    using namespace hb;

    KeInitializeEvent(&g.StopEvent, NotificationEvent, FALSE);
    g.IntervalMs = kDefaultIntervalMs;
    g.Target.sin_family = AF_INET;
    g.Target.sin_port = RtlUshortByteSwap(kDefaultPort);
    g.Target.sin_addr.s_addr = RtlUlongByteSwap(0xC0A83801); // 192.168.56.1, host-only adapter

    WSK_CLIENT_NPI clientNpi;
    clientNpi.ClientContext = nullptr;
    clientNpi.Dispatch = &kClientDispatch;

    NTSTATUS status = WskRegister(&clientNpi, &g.Registration);
    if (!NT_SUCCESS(status)) {
        KdPrint(("wskhb: WskRegister 0x%08X\n", status));
        return status;
    }

    HANDLE threadHandle = nullptr;
    status = PsCreateSystemThread(&threadHandle, THREAD_ALL_ACCESS, nullptr, nullptr, nullptr,
                                  WorkerMain, nullptr);
    if (!NT_SUCCESS(status)) {
        WskDeregister(&g.Registration);
        return status;
    }

    status = ObReferenceObjectByHandle(threadHandle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&g.Thread), nullptr);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&g.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(threadHandle, FALSE, nullptr);
        ZwClose(threadHandle);
        WskDeregister(&g.Registration);
        return status;
    }
    ZwClose(threadHandle);

    DriverObject->DriverUnload = HbUnload;
    return STATUS_SUCCESS;
}
