/*
 * vhci.c -- urvhci.sys bus FDO and the root-port child PDOs.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <ntstrsafe.h>
#include "urvhci.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VhciEvtDeviceAdd)
#pragma alloc_text(PAGE, VhciEvtChildListCreateDevice)
#endif

static const WCHAR VhciCompatibleIdFmt[] = L"USB\\Class_%02X&SubClass_%02X&Prot_%02X";
static const WCHAR VhciHardwareIdFmt[]   = L"USB\\VID_%04X&PID_%04X&REV_%04X";
static const WCHAR VhciDeviceIdFmt[]     = L"USB\\VID_%04X&PID_%04X";

_Use_decl_annotations_
NTSTATUS
VhciEvtDeviceAdd(
    WDFDRIVER Driver,
    PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS status;
    WDF_CHILD_LIST_CONFIG childConfig;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PNP_BUS_INFORMATION busInfo;
    WDFDEVICE device;
    PVHCI_FDO_CONTEXT fdo;

    UNREFERENCED_PARAMETER(Driver);

    PAGED_CODE();

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_BUS_EXTENDER);
    WdfDeviceInitSetExclusive(DeviceInit, FALSE);

    WDF_CHILD_LIST_CONFIG_INIT(&childConfig, sizeof(VHCI_CHILD_ID), VhciEvtChildListCreateDevice);
    childConfig.EvtChildListIdentificationDescriptionCompare = VhciEvtChildIdCompare;
    WdfFdoInitSetDefaultChildListConfig(DeviceInit, &childConfig, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, VHCI_FDO_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        UR_ERR("WdfDeviceCreate 0x%08X", status);
        return status;
    }

    fdo = VhciGetFdoContext(device);
    fdo->Device = device;
    fdo->Children = WdfFdoGetDefaultChildList(device);
    fdo->PortCount = g_VhciSettings.PortCount;
    fdo->PortMask = 0;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfWaitLockCreate(&attributes, &fdo->PortLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = VhciEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        UR_ERR("WdfIoQueueCreate 0x%08X", status);
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_URVHCI, NULL);
    if (!NT_SUCCESS(status)) {
        UR_ERR("WdfDeviceCreateDeviceInterface 0x%08X", status);
        return status;
    }

    busInfo.BusTypeGuid = GUID_BUS_TYPE_USB;
    busInfo.LegacyBusType = PNPBus;
    busInfo.BusNumber = 0;
    WdfDeviceSetBusInformationForChildren(device, &busInfo);

    UR_INFO("vhci FDO up with %u ports", fdo->PortCount);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
BOOLEAN
VhciEvtChildIdCompare(
    WDFCHILDLIST DeviceList,
    PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER FirstIdentificationDescription,
    PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER SecondIdentificationDescription
    )
{
    UNREFERENCED_PARAMETER(DeviceList);

    return CONTAINING_RECORD(FirstIdentificationDescription, VHCI_CHILD_ID, Header)->Port ==
           CONTAINING_RECORD(SecondIdentificationDescription, VHCI_CHILD_ID, Header)->Port;
}

static
NTSTATUS
VhciAssignIds(
    _In_ PWDFDEVICE_INIT ChildInit,
    _In_ PVHCI_CHILD_ID Id
    )
{
    NTSTATUS status;
    DECLARE_UNICODE_STRING_SIZE(buffer, URVHCI_MAX_ID_CHARS);

    status = RtlUnicodeStringPrintf(&buffer, VhciDeviceIdFmt,
                                    Id->Plugin.VendorId, Id->Plugin.ProductId);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WdfPdoInitAssignDeviceID(ChildInit, &buffer);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = RtlUnicodeStringPrintf(&buffer, VhciHardwareIdFmt,
                                    Id->Plugin.VendorId, Id->Plugin.ProductId, Id->Plugin.BcdDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WdfPdoInitAddHardwareID(ChildInit, &buffer);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = RtlUnicodeStringPrintf(&buffer, VhciCompatibleIdFmt,
                                    Id->Plugin.Class, Id->Plugin.SubClass, Id->Plugin.Protocol);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WdfPdoInitAddCompatibleID(ChildInit, &buffer);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (Id->Plugin.Serial[0] != L'\0') {
        Id->Plugin.Serial[RTL_NUMBER_OF(Id->Plugin.Serial) - 1] = L'\0';
        status = RtlUnicodeStringCopyString(&buffer, Id->Plugin.Serial);
    } else {
        status = RtlUnicodeStringPrintf(&buffer, L"%u", Id->Port);
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return WdfPdoInitAssignInstanceID(ChildInit, &buffer);
}

_Use_decl_annotations_
NTSTATUS
VhciEvtChildListCreateDevice(
    WDFCHILDLIST ChildList,
    PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER IdentificationDescription,
    PWDFDEVICE_INIT ChildInit
    )
{
    NTSTATUS status;
    PVHCI_CHILD_ID id = CONTAINING_RECORD(IdentificationDescription, VHCI_CHILD_ID, Header);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE child;
    PVHCI_PDO_CONTEXT pdo;
    DECLARE_CONST_UNICODE_STRING(description, L"usbredir remote device");

    UNREFERENCED_PARAMETER(ChildList);

    PAGED_CODE();

    status = VhciAssignIds(ChildInit, id);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfPdoInitAddDeviceText(ChildInit, &description, &description, 0x409);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WdfPdoInitSetDefaultLocale(ChildInit, 0x409);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, VHCI_PDO_CONTEXT);
    status = WdfDeviceCreate(&ChildInit, &attributes, &child);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    pdo = VhciGetPdoContext(child);
    pdo->Port = id->Port;
    pdo->Plugin = id->Plugin;

    UR_INFO("port %u: %04x:%04x created", id->Port, id->Plugin.VendorId, id->Plugin.ProductId);
    return STATUS_SUCCESS;
}

static
NTSTATUS
VhciPlugin(
    _In_ PVHCI_FDO_CONTEXT Fdo,
    _In_ PURVHCI_PLUGIN Plugin
    )
{
    NTSTATUS status;
    VHCI_CHILD_ID id;
    ULONG port = Plugin->Port;

    WdfWaitLockAcquire(Fdo->PortLock, NULL);

    if (port == 0) {
        for (port = 1; port <= Fdo->PortCount; port++) {
            if ((Fdo->PortMask & (1u << port)) == 0) {
                break;
            }
        }
    }

    if (port == 0 || port > Fdo->PortCount || (Fdo->PortMask & (1u << port))) {
        WdfWaitLockRelease(Fdo->PortLock);
        return STATUS_DEVICE_BUSY;
    }

    WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER_INIT(&id.Header, sizeof(id));
    id.Port = port;
    id.Plugin = *Plugin;
    id.Plugin.Port = port;

    status = WdfChildListAddOrUpdateChildDescriptionAsPresent(Fdo->Children, &id.Header, NULL);
    if (NT_SUCCESS(status)) {
        Fdo->PortMask |= (1u << port);
        Plugin->Port = port;
    }

    WdfWaitLockRelease(Fdo->PortLock);
    return status;
}

static
NTSTATUS
VhciUnplug(
    _In_ PVHCI_FDO_CONTEXT Fdo,
    _In_ ULONG Port
    )
{
    NTSTATUS status;
    VHCI_CHILD_ID id;

    WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER_INIT(&id.Header, sizeof(id));
    id.Port = Port;

    WdfWaitLockAcquire(Fdo->PortLock, NULL);
    status = WdfChildListUpdateChildDescriptionAsMissing(Fdo->Children, &id.Header);
    if (NT_SUCCESS(status)) {
        Fdo->PortMask &= ~(1u << Port);
    }
    WdfWaitLockRelease(Fdo->PortLock);

    return status;
}

_Use_decl_annotations_
VOID
VhciEvtIoDeviceControl(
    WDFQUEUE Queue,
    WDFREQUEST Request,
    size_t OutputBufferLength,
    size_t InputBufferLength,
    ULONG IoControlCode
    )
{
    PVHCI_FDO_CONTEXT fdo = VhciGetFdoContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;
    PVOID buffer;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_URVHCI_PLUGIN:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(URVHCI_PLUGIN), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            status = VhciPlugin(fdo, (PURVHCI_PLUGIN)buffer);
            info = NT_SUCCESS(status) ? sizeof(URVHCI_PLUGIN) : 0;
        }
        break;

    case IOCTL_URVHCI_UNPLUG:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(URVHCI_UNPLUG), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            status = VhciUnplug(fdo, ((PURVHCI_UNPLUG)buffer)->Port);
        }
        break;

    case IOCTL_URVHCI_PORTS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG) * 2, &buffer, NULL);
        if (NT_SUCCESS(status)) {
            ((PULONG)buffer)[0] = fdo->PortCount;
            ((PULONG)buffer)[1] = fdo->PortMask;
            info = sizeof(ULONG) * 2;
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
