//
// regguard.sys - makes one registry subtree read-only for user mode.
// Configure HKLM\SYSTEM\CurrentControlSet\Services\RegGuard\Parameters\ProtectedKey,
// e.g. \REGISTRY\MACHINE\SOFTWARE\Contoso
//
#include "regguard.h"

using namespace rg;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD RegGuardUnload;

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    RGLOG("DriverEntry");

    NTSTATUS status = Config::Load(RegistryPath);
    if (!NT_SUCCESS(status))
        return status;

    // config is complete before the callback can fire
    status = RegGuard::Start(DriverObject);
    if (!NT_SUCCESS(status)) {
        RGLOG("CmRegisterCallbackEx 0x%08X", status);
        Config::Free();
        return status;
    }

    DriverObject->DriverUnload = RegGuardUnload;
    RGLOG("running as %wZ", Config::ServiceKey());
    return STATUS_SUCCESS;
}

static void RegGuardUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    // callback first: once CmUnRegisterCallback returns nothing reads the config
    RegGuard::Stop();
    Config::Free();

    RGLOG("unloaded, %ld writes refused", RegGuard::Blocked());
}
