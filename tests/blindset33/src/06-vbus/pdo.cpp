// pdo.cpp - child (PDO) creation for dynamically enumerated pads
#include "vbus.h"

NTSTATUS VbusEvtChildListCreateDevice(
    WDFCHILDLIST ChildList,
    PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER IdentificationDescription,
    PWDFDEVICE_INIT ChildInit)
{
    UNREFERENCED_PARAMETER(ChildList);

    auto desc = CONTAINING_RECORD(IdentificationDescription,
                                  PDO_IDENTIFICATION_DESCRIPTION, Header);

    DECLARE_CONST_UNICODE_STRING(deviceId, VBUS_HARDWARE_ID);
    DECLARE_CONST_UNICODE_STRING(compatId, VBUS_COMPATIBLE_ID);
    DECLARE_CONST_UNICODE_STRING(location, VBUS_LOCATION);
    DECLARE_UNICODE_STRING_SIZE(text, 64);

    NTSTATUS status = WdfPdoInitAssignDeviceID(ChildInit, &deviceId);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfPdoInitAddHardwareID(ChildInit, &deviceId);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfPdoInitAddCompatibleID(ChildInit, &compatId);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = RtlUnicodeStringPrintf(&text, L"%02lu", desc->SerialNo);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WdfPdoInitAssignInstanceID(ChildInit, &text);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = RtlUnicodeStringPrintf(&text, L"Virtual Gamepad #%lu", desc->SerialNo);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WdfPdoInitAddDeviceText(ChildInit, &text, &location, 0x409);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WdfPdoInitSetDefaultLocale(ChildInit, 0x409);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, PDO_CONTEXT);

    WDFDEVICE child;
    status = WdfDeviceCreate(&ChildInit, &attributes, &child);
    if (!NT_SUCCESS(status)) {
        VBUS_ERR("WdfDeviceCreate(PDO %lu) failed 0x%08X", desc->SerialNo, status);
        return status;
    }

    PdoGetContext(child)->SerialNo = desc->SerialNo;

    WDF_DEVICE_PNP_CAPABILITIES caps;
    WDF_DEVICE_PNP_CAPABILITIES_INIT(&caps);
    caps.Removable = WdfTrue;
    caps.EjectSupported = WdfTrue;
    caps.SurpriseRemovalOK = WdfTrue;
    caps.Address = desc->SerialNo;
    caps.UINumber = desc->SerialNo;
    WdfDeviceSetPnpCapabilities(child, &caps);

    return STATUS_SUCCESS;
}
