#include "watch.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD PwUnload;

static void PwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    pw::g_Watcher.Shutdown();
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    auto status = pw::g_Watcher.Init(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = PwUnload;
    PW_PRINT("watching\n");
    return STATUS_SUCCESS;
}
