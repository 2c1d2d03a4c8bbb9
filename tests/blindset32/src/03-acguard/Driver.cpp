#include "Guard.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

ProtectedTable g_Protected;

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    Guard::Config cfg;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = Guard::EvtDriverUnload;
    config.DriverPoolTag = ACG_TAG;

    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath,
                                      WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // start watching process exits as early as possible so a PID that
    // dies during init never stays in the table
    status = Guard::ProcessWatch::Start();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    Guard::ReadConfig(driver, &cfg);

    status = g_Protected.Initialize(cfg.Capacity);
    if (!NT_SUCCESS(status)) {
        Guard::ProcessWatch::Stop();
        return status;
    }

    auto rollback = MakeScopeExit([] {
        Guard::ProcessWatch::Stop();
        g_Protected.Destroy();
    });

    status = Guard::ControlDevice::Create(driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // from here on EvtDriverUnload owns the watch and the table
    rollback.Dismiss();

    status = Guard::HandleGuard::Start(&cfg.Altitude);
    if (!NT_SUCCESS(status)) {
        ACG_LOG("ObRegisterCallbacks failed 0x%08X (altitude %wZ)", status, &cfg.Altitude);
        return status;
    }

    ACG_LOG("loaded, capacity=%lu altitude=%wZ", cfg.Capacity, &cfg.Altitude);
    return STATUS_SUCCESS;
}

namespace Guard {

_Use_decl_annotations_
VOID
EvtDriverUnload(
    WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    HandleGuard::Stop();
    ProcessWatch::Stop();
    ControlDevice::Delete();
    g_Protected.Destroy();
}

void
ReadConfig(
    _In_ WDFDRIVER Driver,
    _Out_ Config* Cfg
    )
{
    WDFKEY key = nullptr;
    ULONG value = 0;
    DECLARE_CONST_UNICODE_STRING(capacityName, L"Capacity");

    RtlZeroMemory(Cfg, sizeof(*Cfg));
    Cfg->Capacity = ACG_DEFAULT_CAPACITY;
    RtlInitEmptyUnicodeString(&Cfg->Altitude, Cfg->AltitudeBuffer, sizeof(Cfg->AltitudeBuffer));
    RtlAppendUnicodeToString(&Cfg->Altitude, ACG_DEFAULT_ALTITUDE);

    NTSTATUS status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ,
                                                         WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (NT_SUCCESS(status)) {
        if (NT_SUCCESS(WdfRegistryQueryULong(key, &capacityName, &value)) && value != 0 && value <= 256) {
            Cfg->Capacity = value;
        }
        WdfRegistryClose(key);
    }
}

} // namespace Guard
