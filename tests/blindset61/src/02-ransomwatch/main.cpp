//
// main.cpp - DriverEntry for RansomWatch
//
#include "RansomFilter.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    RwLog("DriverEntry %p", DriverObject);

    NTSTATUS status = rw::Filter::Init(DriverObject);
    if (!NT_SUCCESS(status)) {
        RwLog("Init failed 0x%08X", status);
        return status;
    }

    status = rw::Filter::Start();
    if (!NT_SUCCESS(status)) {
        RwLog("Start failed 0x%08X", status);
        rw::Filter::Shutdown();
        return status;
    }

    RwLog("up and running");
    return STATUS_SUCCESS;
}
