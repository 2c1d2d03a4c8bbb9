// driver.cpp -- entry points
#include "kbdhook.h"

using kh::KbdHook;

static kh::Config g_Config;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KhUnload;

static VOID KhUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KH_LOG("unload requested");
    KbdHook::Detach();
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    KH_LOG("DriverEntry %wZ", RegistryPath);

    status = kh::ReadConfig(RegistryPath, &g_Config);
    if (!NT_SUCCESS(status)) {
        // ReadConfig falls back to defaults itself, just note it
        KH_FAIL(status, "ReadConfig");
    }

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KbdHook::DispatchPass;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = KbdHook::DispatchRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KbdHook::DispatchPower;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = KbdHook::DispatchPnp;

    status = KbdHook::Attach(DriverObject, &g_Config);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = KhUnload;
    return STATUS_SUCCESS;
}
