//
// driver.cpp - wskping entry / unload / settings
//
#include "wskping.h"

namespace wskping { Globals g = {}; }

using namespace wskping;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD WskPingUnload;

static const WSK_CLIENT_DISPATCH kClientDispatch = { MAKE_WSK_VERSION(1, 0), 0, nullptr };

namespace wskping {

void ReadSettings(PCUNICODE_STRING regPath, Settings* s)
{
    s->TargetAddr = RtlUlongByteSwap(0x7F000001);      // 127.0.0.1
    s->TargetPort = WP_DEFAULT_PORT;
    s->PeriodMs   = WP_DEFAULT_PERIOD;

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(regPath),
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, nullptr);
    HANDLE key;
    if (!NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &oa))) {
        return;
    }

    auto query = [key](PCWSTR name, ULONG* out) {
        UNICODE_STRING vn;
        RtlInitUnicodeString(&vn, name);
        UCHAR raw[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
        auto kv = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(raw);
        ULONG len;
        if (NT_SUCCESS(ZwQueryValueKey(key, &vn, KeyValuePartialInformation, kv, sizeof(raw), &len)) &&
            kv->Type == REG_DWORD && kv->DataLength == sizeof(ULONG)) {
            *out = *reinterpret_cast<ULONG*>(kv->Data);
        }
    };

    ULONG port = s->TargetPort;
    query(L"TargetAddress", &s->TargetAddr);
    query(L"TargetPort", &port);
    query(L"PeriodMs", &s->PeriodMs);
    if (port != 0 && port <= 0xFFFF) {
        s->TargetPort = static_cast<USHORT>(port);
    }
    if (s->PeriodMs < 100) {
        s->PeriodMs = 100;
    }

    ZwClose(key);
}

} // namespace wskping

static void WskPingUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    // the thread closes its socket and releases the NPI before it exits
    KeSetEvent(&g.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g.Worker, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(g.Worker);
    g.Worker = nullptr;

    WskDeregister(&g.Registration);

    WP_LOG("unloaded, %ld probes sent", g.ProbesSent);
    ExFreePoolWithTag(g.RegistryPath.Buffer, WP_TAG);
    g.RegistryPath.Buffer = nullptr;
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    HANDLE thread = nullptr;

    // keep our own copy, the I/O manager frees RegistryPath after we return
    g.RegistryPath.Buffer = static_cast<PWCH>(
        ExAllocatePool2(POOL_FLAG_PAGED, RegistryPath->Length, WP_TAG));
    if (g.RegistryPath.Buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g.RegistryPath.MaximumLength = RegistryPath->Length;
    RtlCopyUnicodeString(&g.RegistryPath, RegistryPath);

    KeInitializeEvent(&g.StopEvent, NotificationEvent, FALSE);

    WSK_CLIENT_NPI client = { nullptr, &kClientDispatch };
    status = WskRegister(&client, &g.Registration);
    if (!NT_SUCCESS(status)) {
        WP_LOG("WskRegister 0x%08X", status);
        goto free_path;
    }

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, &oa, nullptr, nullptr,
                                  ProbeThread, nullptr);
    if (!NT_SUCCESS(status)) {
        WP_LOG("PsCreateSystemThread 0x%08X", status);
        goto deregister;
    }

    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&g.Worker), nullptr);
    if (!NT_SUCCESS(status)) {
        // cannot track it: stop it now and wait on the handle instead
        KeSetEvent(&g.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, nullptr);
        ZwClose(thread);
        goto deregister;
    }
    ZwClose(thread);

    DriverObject->DriverUnload = WskPingUnload;
    WP_LOG("started");
    return STATUS_SUCCESS;

deregister:
    WskDeregister(&g.Registration);
free_path:
    ExFreePoolWithTag(g.RegistryPath.Buffer, WP_TAG);
    g.RegistryPath.Buffer = nullptr;
    return status;
}
