#include "shield.h"

using rs::Shield;

// keys our game's anti-cheat must keep intact
static const PCWSTR g_DefaultRules[] = {
    L"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\RegShield",
    L"\\REGISTRY\\MACHINE\\SOFTWARE\\AcmeGame\\AntiCheat",
};

extern "C" DRIVER_INITIALIZE DriverEntry;

static void RsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    Shield::Shutdown();
    LOG("unloaded");
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status = STATUS_SUCCESS;

    LOG("DriverEntry");

    for (auto rule : g_DefaultRules) {
        status = Shield::AddRule(rule);
        CHECK(status, "AddRule");
        if (!NT_SUCCESS(status)) {
            Shield::FreeRules();
            return status;
        }
    }

    status = Shield::Init(DriverObject);
    if (!NT_SUCCESS(status)) {
        Shield::FreeRules();
        return status;
    }

    Shield::StartStats();

    DriverObject->DriverUnload = RsUnload;
    LOG("protecting %lu keys", Shield::s_RuleCount);
    return STATUS_SUCCESS;
}
