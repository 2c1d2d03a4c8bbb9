//
// driver.cpp - regflt entry points.
//
#include "regflt.h"

using namespace regflt;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD         RegFltUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

static void
RegFltUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    RF_LOG("unloading %wZ, %ld hits", Config::ServiceKey(), RegFilter::Blocked());

    RegFilter::Unregister();
    Config::Unload();
}

extern "C"
NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = Config::Load(RegistryPath);
    if (!NT_SUCCESS(status)) {
        RF_LOG("config load failed 0x%08X", status);
        return status;
    }

    DriverObject->DriverUnload = RegFltUnload;

    NTSTATUS regStatus = RegFilter::Register(DriverObject);
    if (!NT_SUCCESS(regStatus)) {
        RF_LOG("CmRegisterCallbackEx failed 0x%08X", regStatus);
        Config::Unload();
        return status;
    }

    RF_LOG("active, altitude %ws, mode %lu", RF_ALTITUDE, Config::Mode());
    return status;
}
