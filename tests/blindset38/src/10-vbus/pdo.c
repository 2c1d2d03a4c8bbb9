/*
 * pdo.c - creating the gadget PDO when the framework asks for it
 */
#include "vbus.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VBusEvtChildListCreateDevice)
#endif

NTSTATUS
VBusEvtChildListCreateDevice(
    _In_ WDFCHILDLIST                                 ChildList,
    _In_ PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER IdentificationDescription,
    _In_ PWDFDEVICE_INIT                              ChildInit
    )
{
    PVBUS_CHILD_ID              id;
    WDF_OBJECT_ATTRIBUTES       attributes;
    WDF_DEVICE_PNP_CAPABILITIES pnpCaps;
    WDFDEVICE                   child;
    PVBUS_PDO_CONTEXT           pdoCtx;
    NTSTATUS                    status;

    DECLARE_CONST_UNICODE_STRING(deviceId, VBUS_DEVICE_ID);
    DECLARE_CONST_UNICODE_STRING(hardwareId, VBUS_HARDWARE_ID);
    DECLARE_CONST_UNICODE_STRING(compatId, VBUS_COMPATIBLE_ID);
    DECLARE_CONST_UNICODE_STRING(location, VBUS_LOCATION);
    DECLARE_UNICODE_STRING_SIZE(buffer, 64);

    UNREFERENCED_PARAMETER(ChildList);
    PAGED_CODE();

    id = CONTAINING_RECORD(IdentificationDescription, VBUS_CHILD_ID, Header);

    //
    // ChildInit belongs to the framework: on any failure we just return
    // the status and the framework frees it.
    //
    WdfDeviceInitSetDeviceType(ChildInit, FILE_DEVICE_UNKNOWN);

    status = WdfPdoInitAssignDeviceID(ChildInit, &deviceId);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfPdoInitAddHardwareID(ChildInit, &hardwareId);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfPdoInitAddCompatibleID(ChildInit, &compatId);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = RtlUnicodeStringPrintf(&buffer, L"%02lu", id->SerialNo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfPdoInitAssignInstanceID(ChildInit, &buffer);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = RtlUnicodeStringPrintf(&buffer, L"VBus Gadget %02lu", id->SerialNo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfPdoInitAddDeviceText(ChildInit, &buffer, &location, VBUS_LCID_EN_US);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WdfPdoInitSetDefaultLocale(ChildInit, VBUS_LCID_EN_US);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, VBUS_PDO_CONTEXT);

    status = WdfDeviceCreate(&ChildInit, &attributes, &child);
    if (!NT_SUCCESS(status)) {
        VBusPrint(VBUS_ERR, "PDO %lu: WdfDeviceCreate 0x%08X\n", id->SerialNo, status);
        return status;
    }

    pdoCtx = VBusPdoGetContext(child);
    pdoCtx->SerialNo = id->SerialNo;

    WDF_DEVICE_PNP_CAPABILITIES_INIT(&pnpCaps);
    pnpCaps.Removable         = WdfTrue;
    pnpCaps.EjectSupported    = WdfTrue;
    pnpCaps.SurpriseRemovalOK = WdfTrue;
    pnpCaps.Address           = id->SerialNo;
    pnpCaps.UINumber          = id->SerialNo;
    WdfDeviceSetPnpCapabilities(child, &pnpCaps);

    VBusPrint(VBUS_INFO, "gadget %lu created\n", id->SerialNo);
    return STATUS_SUCCESS;
}
