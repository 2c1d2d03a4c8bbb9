//
// driver.cpp - tdiwatch entry/unload
//
#include "tdiwatch.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD TwUnload;

namespace {

struct Target
{
    PCWSTR         Name;
    PDEVICE_OBJECT Filter;
};

Target g_targets[] = {
    { L"\\Device\\Tcp", nullptr },
    { L"\\Device\\Udp", nullptr },
};

void DetachAll()
{
    // reverse order of attachment
    for (LONG i = static_cast<LONG>(RTL_NUMBER_OF(g_targets)) - 1; i >= 0; --i) {
        if (g_targets[i].Filter != nullptr) {
            tw::Filter::Dump(g_targets[i].Filter);
            tw::Filter::Detach(g_targets[i].Filter);
            g_targets[i].Filter = nullptr;
        }
    }
}

} // namespace

static void TwUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    DetachAll();
    TW_PRINT("unloaded");
}

extern "C" NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; ++i) {
        DriverObject->MajorFunction[i] = tw::Filter::Dispatch;
    }
    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = tw::Filter::DispatchInternal;

    for (auto& t : g_targets) {
        NTSTATUS status = tw::Filter::Attach(DriverObject, t.Name, &t.Filter);
        if (!NT_SUCCESS(status)) {
            // all or nothing: undo what got attached so far
            DetachAll();
            return status;
        }
    }

    DriverObject->DriverUnload = TwUnload;
    TW_PRINT("watching %u TDI devices", static_cast<ULONG>(RTL_NUMBER_OF(g_targets)));
    return STATUS_SUCCESS;
}
