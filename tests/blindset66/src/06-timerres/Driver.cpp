//
// timerres.sys - keeps the system timer at 0.5 ms while a game is being
// benchmarked, configured from the service's Parameters key
//
#include "Config.h"

namespace tr::worker
{
    NTSTATUS Start();
    void     Stop();
}

extern "C" DRIVER_INITIALIZE DriverEntry;

static VOID DriverUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    tr::worker::Stop();
    TR_LOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    TR_LOG("DriverEntry %wZ", RegistryPath);

    // remember where our key lives, the worker re-reads it while running
    tr::g_ServiceKey = *RegistryPath;

    // first read here so a broken key fails the load instead of silently using defaults
    tr::Settings initial;
    auto status = tr::LoadSettings(&tr::g_ServiceKey, initial);
    if (!NT_SUCCESS(status)) {
        TR_LOG("LoadSettings failed 0x%X", status);
        return status;
    }
    TR_LOG("Enabled=%lu Resolution=%lu Poll=%lus",
           initial.Enabled, initial.Resolution100ns, initial.PollSeconds);

    status = tr::worker::Start();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = DriverUnload;
    return STATUS_SUCCESS;
}
