//
// driver.cpp - wfpguard entry / unload
//
#include "guard.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD GuardUnload;

namespace {

PDEVICE_OBJECT g_Device = nullptr;

// quick knob so I can test the BFE part without the callout
constexpr bool kInstallFilters = true;

NTSTATUS CreateDevice(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(GUARD_DEVICE_NAME);

    NTSTATUS status = IoCreateDevice(DriverObject,
                                     0,
                                     &name,
                                     FILE_DEVICE_NETWORK,
                                     FILE_DEVICE_SECURE_OPEN,
                                     FALSE,
                                     &g_Device);
    if (!NT_SUCCESS(status)) {
        GERR("IoCreateDevice 0x%08X", status);
        g_Device = nullptr;
    }
    return status;
}

} // anonymous namespace

_Use_decl_annotations_
static void GuardUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    GLOG("unloading: seen=%I64d blocked=%I64d",
         guard::Callout::s_seen, guard::Callout::s_blocked);

    // take the filter away first so classify stops being called
    guard::Engine::Remove();

    if (g_Device != nullptr) {
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
    }

    guard::Callout::Unregister();

    GLOG("bye");
}

extern "C" _Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    GLOG("DriverEntry");

    NTSTATUS status = CreateDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = guard::Callout::Register(g_Device);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
        return status;
    }

    if (kInstallFilters) {
        status = guard::Engine::Install();
        if (!NT_SUCCESS(status)) {
            guard::Callout::Unregister();
            IoDeleteDevice(g_Device);
            g_Device = nullptr;
            return status;
        }
    }

    DriverObject->DriverUnload = GuardUnload;

    GLOG("ready, callout id %u", guard::Callout::Id());
    return STATUS_SUCCESS;
}
