//
// KRegWatch - records user-mode registry value writes, read back through
// a KMDF control device.
//
#include "kregwatch.h"

krw::Globals krw::g = {};

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD KrwEvtDriverUnload;

static UNICODE_STRING g_Altitude = RTL_CONSTANT_STRING(KRW_ALTITUDE);

namespace {

[[nodiscard]] NTSTATUS CopyServiceKey(PCUNICODE_STRING RegistryPath)
{
    auto& key = krw::g.ServiceKey;
    key.Buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, RegistryPath->Length, KRW_TAG));
    if (key.Buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    key.Length = 0;
    key.MaximumLength = RegistryPath->Length;
    RtlCopyUnicodeString(&key, RegistryPath);
    return STATUS_SUCCESS;
}

void FreeServiceKey()
{
    if (krw::g.ServiceKey.Buffer) {
        ExFreePoolWithTag(krw::g.ServiceKey.Buffer, KRW_TAG);
        RtlZeroMemory(&krw::g.ServiceKey, sizeof(krw::g.ServiceKey));
    }
}

void FreeRing()
{
    if (krw::g.Ring) {
        ExFreePoolWithTag(krw::g.Ring, KRW_TAG);
        krw::g.Ring = nullptr;
    }
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    KrwTrace("DriverEntry %wZ", RegistryPath);

    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = KrwEvtDriverUnload;

    WDFDRIVER driver = nullptr;
    RETURN_IF_NT_FAILED(WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver));

    // EvtDriverUnload is not called when DriverEntry fails, so undo by hand
    NTSTATUS status = CopyServiceKey(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    krw::g.Ring = static_cast<krw::EventRing*>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(krw::EventRing), KRW_TAG));
    if (krw::g.Ring == nullptr) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto FreeKey;
    }
    krw::g.Ring->Init();

    status = krw::CreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        goto FreeRingBuffer;
    }

    // last step: from here on notifications can arrive and everything they touch exists
    status = CmRegisterCallbackEx(krw::OnRegistryNotify, &g_Altitude, DriverObject,
                                  krw::g.Ring, &krw::g.Cookie, nullptr);
    if (!NT_SUCCESS(status)) {
        KrwError("CmRegisterCallbackEx 0x%08X", status);
        goto DeleteDevice;
    }
    krw::g.CallbackRegistered = true;

    KrwTrace("loaded");
    return STATUS_SUCCESS;

DeleteDevice:
    WdfObjectDelete(krw::g.ControlDevice);
    krw::g.ControlDevice = nullptr;
FreeRingBuffer:
    FreeRing();
FreeKey:
    FreeServiceKey();
    return status;
}

static void KrwEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);

    if (krw::g.CallbackRegistered) {
        const NTSTATUS status = CmUnRegisterCallback(krw::g.Cookie);
        if (!NT_SUCCESS(status)) {
            KrwError("CmUnRegisterCallback 0x%08X", status);
        }
        krw::g.CallbackRegistered = false;
    }

    // the control device is torn down by the framework for a non-PnP driver;
    // the callback is gone, so nothing else touches the ring or the key copy
    krw::g.ControlDevice = nullptr;
    FreeRing();
    FreeServiceKey();

    KrwTrace("unloaded");
}
