#include "monitor.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RegWatchUnload;

void RegWatchUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    regwatch::g_Monitor.Shutdown();
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = RegWatchUnload;

    auto status = regwatch::g_Monitor.Init(DriverObject);
    if (!NT_SUCCESS(status)) {
        RW_LOG("init failed: 0x%08X", status);
    }
    return status;
}
