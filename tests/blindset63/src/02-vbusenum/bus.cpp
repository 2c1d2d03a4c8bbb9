//
// bus.cpp - bus FDO and static child PDOs
//
#include "vbus.h"

namespace {

//
// Frees a PDO init block on scope exit unless ownership was handed off.
//
class DeviceInitGuard {
public:
    explicit DeviceInitGuard(PWDFDEVICE_INIT Init) : m_Init(Init) {}

    ~DeviceInitGuard()
    {
        if (m_Init != nullptr) {
            WdfDeviceInitFree(m_Init);
        }
    }

    void Dismiss() { m_Init = nullptr; }

    DeviceInitGuard(const DeviceInitGuard&) = delete;
    DeviceInitGuard& operator=(const DeviceInitGuard&) = delete;

private:
    PWDFDEVICE_INIT m_Init;
};

} // anonymous namespace

NTSTATUS
vbus::CreateStaticChild(_In_ WDFDEVICE Fdo, _In_ ULONG Serial)
{
    NTSTATUS                    status;
    WDF_OBJECT_ATTRIBUTES       attributes;
    WDF_DEVICE_PNP_CAPABILITIES pnpCaps;
    WDFDEVICE                   hChild = nullptr;

    DECLARE_CONST_UNICODE_STRING(deviceId, VBUS_CHILD_DEVICE_ID);
    DECLARE_CONST_UNICODE_STRING(hardwareId, VBUS_CHILD_HARDWARE_ID);
    DECLARE_CONST_UNICODE_STRING(compatId, VBUS_CHILD_COMPAT_ID);
    DECLARE_CONST_UNICODE_STRING(locationText, L"VBUS slot");
    DECLARE_UNICODE_STRING_SIZE(instanceId, 16);
    DECLARE_UNICODE_STRING_SIZE(deviceText, 64);

    PAGED_CODE();

    PWDFDEVICE_INIT pDeviceInit = WdfPdoInitAllocate(Fdo);
    if (pDeviceInit == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    DeviceInitGuard initGuard(pDeviceInit);

    WdfDeviceInitSetDeviceType(pDeviceInit, FILE_DEVICE_UNKNOWN);

    CHECK_STATUS(WdfPdoInitAssignDeviceID(pDeviceInit, &deviceId), "AssignDeviceID");
    CHECK_STATUS(WdfPdoInitAddHardwareID(pDeviceInit, &hardwareId), "AddHardwareID");
    CHECK_STATUS(WdfPdoInitAddCompatibleID(pDeviceInit, &compatId), "AddCompatibleID");

    CHECK_STATUS(RtlUnicodeStringPrintf(&instanceId, L"%02u", Serial), "instance id fmt");
    CHECK_STATUS(WdfPdoInitAssignInstanceID(pDeviceInit, &instanceId), "AssignInstanceID");

    CHECK_STATUS(RtlUnicodeStringPrintf(&deviceText, VBUS_CHILD_TEXT_FMT, Serial), "text fmt");
    CHECK_STATUS(WdfPdoInitAddDeviceText(pDeviceInit, &deviceText, &locationText, 0x409),
                 "AddDeviceText");
    WdfPdoInitSetDefaultLocale(pDeviceInit, 0x409);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, PDO_CONTEXT);

    status = WdfDeviceCreate(&pDeviceInit, &attributes, &hChild);
    if (!NT_SUCCESS(status)) {
        LOGERR("WdfDeviceCreate(child %lu) 0x%08X", Serial, status);
        return status;
    }

    PdoGetContext(hChild)->SerialNo = Serial;

    WDF_DEVICE_PNP_CAPABILITIES_INIT(&pnpCaps);
    pnpCaps.Removable         = WdfTrue;
    pnpCaps.SurpriseRemovalOK = WdfTrue;
    pnpCaps.Address           = Serial;
    pnpCaps.UINumber          = Serial;
    WdfDeviceSetPnpCapabilities(hChild, &pnpCaps);

    status = WdfFdoAddStaticChild(Fdo, hChild);
    if (!NT_SUCCESS(status)) {
        LOGERR("WdfFdoAddStaticChild(%lu) 0x%08X", Serial, status);
        return status;
    }

    initGuard.Dismiss();

    LOG("child %lu created", Serial);
    return STATUS_SUCCESS;
}

NTSTATUS
vbus::EvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    NTSTATUS                status;
    WDF_OBJECT_ATTRIBUTES   attributes;
    WDFDEVICE               fdo;
    PFDO_CONTEXT            fdoCtx;
    ULONG                   count = 0;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    LOG("EvtDeviceAdd");

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_BUS_EXTENDER);
    WdfDeviceInitSetExclusive(DeviceInit, FALSE);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FDO_CONTEXT);

    CHECK_STATUS(WdfDeviceCreate(&DeviceInit, &attributes, &fdo), "WdfDeviceCreate(fdo)");

    fdoCtx = FdoGetContext(fdo);

    CHECK_STATUS(WdfDeviceCreateDeviceInterface(fdo, &GUID_DEVINTERFACE_VBUSENUM, nullptr),
                 "WdfDeviceCreateDeviceInterface");

    CHECK_STATUS(Config::Load(&count), "Config::Load");

    //
    // Children that fail to come up are skipped; the bus itself stays usable.
    //
    for (ULONG i = 0; i < count; i++) {
        status = CreateStaticChild(fdo, fdoCtx->NextSerial + 1);
        if (NT_SUCCESS(status)) {
            fdoCtx->NextSerial++;
            fdoCtx->ChildCount++;
        }
    }

    LOG("bus up with %lu of %lu children", fdoCtx->ChildCount, count);
    return STATUS_SUCCESS;
}
