//
// driver.cpp - DriverEntry, unload, config and the worker thread
//
#include "beacon.h"

namespace beacon {

Config   g_Config;
PETHREAD Worker::s_Thread = nullptr;
KEVENT   Worker::s_StopEvent;

NTSTATUS
Config::Load()
{
    ULONG ip = BEACON_DEFAULT_IP, port = BEACON_DEFAULT_PORT, interval = BEACON_DEFAULT_INTERVAL;
    ULONG defIp = BEACON_DEFAULT_IP, defPort = BEACON_DEFAULT_PORT, defInterval = BEACON_DEFAULT_INTERVAL;

    RTL_QUERY_REGISTRY_TABLE table[4] = {};
    table[0] = { nullptr, RTL_QUERY_REGISTRY_DIRECT, const_cast<PWSTR>(L"CollectorIp"),   &ip,       REG_DWORD, &defIp,       sizeof(ULONG) };
    table[1] = { nullptr, RTL_QUERY_REGISTRY_DIRECT, const_cast<PWSTR>(L"CollectorPort"), &port,     REG_DWORD, &defPort,     sizeof(ULONG) };
    table[2] = { nullptr, RTL_QUERY_REGISTRY_DIRECT, const_cast<PWSTR>(L"IntervalSec"),   &interval, REG_DWORD, &defInterval, sizeof(ULONG) };

    NTSTATUS status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                             RegistryPath.Buffer, table, nullptr, nullptr);
    if (NT_SUCCESS(status)) {
        CollectorIp   = ip;
        CollectorPort = static_cast<USHORT>(port);
        IntervalSec   = (interval >= 5 && interval <= 3600) ? interval : BEACON_DEFAULT_INTERVAL;
    }
    return status;
}

NTSTATUS
Worker::Start()
{
    KeInitializeEvent(&s_StopEvent, NotificationEvent, FALSE);

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);

    HANDLE h;
    NTSTATUS status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, &oa, nullptr, nullptr,
                                           ThreadMain, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&s_Thread), nullptr);
    if (!NT_SUCCESS(status)) {
        // can't track it, so stop it right here
        KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(h, FALSE, nullptr);
        s_Thread = nullptr;
    }
    ZwClose(h);
    return status;
}

void
Worker::Stop()
{
    if (s_Thread == nullptr) {
        return;
    }
    KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(s_Thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(s_Thread);
    s_Thread = nullptr;
}

VOID
Worker::ThreadMain(
    _In_ PVOID Context
    )
{
    UNREFERENCED_PARAMETER(Context);

    PWSK_SOCKET socket = nullptr;
    ULONG seq = 0;

    // Blocks until the WSK subsystem is up, fine on a worker thread.
    NTSTATUS status = WskClient::CaptureProvider();
    if (!NT_SUCCESS(status)) {
        BLOG("WskCaptureProviderNPI failed 0x%08X", status);
        PsTerminateSystemThread(status);
    }

    status = WskClient::OpenUdpSocket(&socket);
    if (!NT_SUCCESS(status)) {
        BLOG("socket failed 0x%08X", status);
        WskClient::ReleaseProvider();
        PsTerminateSystemThread(status);
    }

    for (;;) {
        LARGE_INTEGER timeout;
        timeout.QuadPart = -10LL * 1000 * 1000 * g_Config.IntervalSec;

        status = KeWaitForSingleObject(&s_StopEvent, Executive, KernelMode, FALSE, &timeout);
        if (status != STATUS_TIMEOUT) {
            break;
        }

        // pick up changes made with reg.exe without a restart
        (void)g_Config.Load();

        SOCKADDR_IN to = {};
        to.sin_family      = AF_INET;
        to.sin_port        = RtlUshortByteSwap(g_Config.CollectorPort);
        to.sin_addr.s_addr = RtlUlongByteSwap(g_Config.CollectorIp);

        auto payload = static_cast<PCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, BEACON_MAX_PAYLOAD, BEACON_TAG));
        if (payload == nullptr) {
            continue;
        }
        LARGE_INTEGER now;
        KeQuerySystemTimePrecise(&now);
        size_t len = 0;
        status = RtlStringCbPrintfA(payload, BEACON_MAX_PAYLOAD,
                                    "beacon seq=%lu time=%I64d", ++seq, now.QuadPart);
        if (NT_SUCCESS(status)) {
            status = RtlStringCbLengthA(payload, BEACON_MAX_PAYLOAD, &len);
        }
        if (NT_SUCCESS(status) && len > 0) {
            status = WskClient::SendTo(socket, payload, static_cast<ULONG>(len), &to);
            if (!NT_SUCCESS(status)) {
                BLOG("send failed 0x%08X", status);
            }
        }
        ExFreePoolWithTag(payload, BEACON_TAG);
    }

    WskClient::CloseSocket(socket);
    WskClient::ReleaseProvider();
    PsTerminateSystemThread(STATUS_SUCCESS);
}

} // namespace beacon

using namespace beacon;

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    g_Config.RegistryPath  = *RegistryPath;
    g_Config.CollectorIp   = BEACON_DEFAULT_IP;
    g_Config.CollectorPort = BEACON_DEFAULT_PORT;
    g_Config.IntervalSec   = BEACON_DEFAULT_INTERVAL;
    (void)g_Config.Load();

    DriverObject->DriverUnload = BeaconUnload;

    NTSTATUS status = WskClient::Register();
    if (!NT_SUCCESS(status)) {
        BLOG("WskRegister failed 0x%08X", status);
        return status;
    }

    status = Worker::Start();
    if (!NT_SUCCESS(status)) {
        BLOG("worker start failed 0x%08X", status);
        WskClient::Deregister();
        return status;
    }

    BLOG("beaconing every %lus", g_Config.IntervalSec);
    return STATUS_SUCCESS;
}

VOID
BeaconUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    WskClient::Deregister();
    Worker::Stop();

    BLOG("unloaded");
}
