//
// wfpblock - refuses outbound IPv4 connects to a configured set of hosts.
//
// HKLM\System\CurrentControlSet\Services\wfpblock
//     BlockedAddresses  REG_BINARY  (UINT32 host-order addresses, packed)
//
#include <initguid.h>
#include "Filters.h"
#include "Driver.tmh"

using namespace wfpb;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD WfpbUnload;

static PDEVICE_OBJECT g_device = nullptr;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, WfpbUnload)
#endif

static VOID WfpbUnload(PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER,
                "unload, %I64d connects blocked", Callout::Blocked());

    // filters and callout first, then the device the callout was
    // registered against, then the data classify was reading
    Callout::Stop();

    if (g_device != nullptr) {
        IoDeleteDevice(g_device);
        g_device = nullptr;
    }

    Blocklist::Free();

    WPP_CLEANUP(DriverObject);
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "DriverEntry %wZ", RegistryPath);

    status = Blocklist::Load(RegistryPath);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "config %!STATUS!", status);
        goto fail_trace;
    }

    status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "IoCreateDevice %!STATUS!", status);
        g_device = nullptr;
        goto fail_list;
    }

    status = Callout::Start(g_device);
    if (!NT_SUCCESS(status)) {
        goto fail_device;
    }

    DriverObject->DriverUnload = WfpbUnload;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER,
                "blocking %lu addresses", Blocklist::Count());
    return STATUS_SUCCESS;

fail_device:
    IoDeleteDevice(g_device);
    g_device = nullptr;
fail_list:
    Blocklist::Free();
fail_trace:
    WPP_CLEANUP(DriverObject);
    return status;
}
