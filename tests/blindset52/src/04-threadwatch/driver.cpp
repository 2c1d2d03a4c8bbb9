//
// threadwatch - flags CreateRemoteThread-style injection into any process
//
#include <ntddk.h>
#include <ntstrsafe.h>
#include "Watchdog.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TwUnload;

void TwUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    tw::Watchdog::Stop();
    TW_LOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    TW_LOG("DriverEntry (%s %s)", __DATE__, __TIME__);

    NTSTATUS status = tw::Watchdog::Start();
    if (!NT_SUCCESS(status)) {
        TW_ERR("watchdog did not start: 0x%08X", status);
        return status;
    }

    DriverObject->DriverUnload = TwUnload;
    TW_LOG("watching");
    return STATUS_SUCCESS;
}
