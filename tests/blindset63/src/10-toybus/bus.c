/*
 * bus.c - bus FDO, dynamic child list, plug/unplug IOCTLs
 */
#include "toybus.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, ToyEvtDeviceAdd)
#pragma alloc_text(PAGE, ToyEvtChildListCreateDevice)
#pragma alloc_text(PAGE, ToyEvtPdoCleanup)
#endif

NTSTATUS
ToyEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS                status;
    WDF_CHILD_LIST_CONFIG   childListConfig;
    WDF_IO_QUEUE_CONFIG     queueConfig;
    WDF_OBJECT_ATTRIBUTES   queueAttributes;
    WDFDEVICE               device;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_BUS_EXTENDER);
    WdfDeviceInitSetExclusive(DeviceInit, FALSE);

    /* must be configured before WdfDeviceCreate */
    WDF_CHILD_LIST_CONFIG_INIT(&childListConfig,
                               sizeof(TOY_ID_DESCRIPTION),
                               ToyEvtChildListCreateDevice);
    WdfFdoInitSetDefaultChildListConfig(DeviceInit, &childListConfig, WDF_NO_OBJECT_ATTRIBUTES);

    status = WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        TOY_DBG("WdfDeviceCreate 0x%08X\n", status);
        return status;
    }

    /* the serial allocator takes a wait lock: keep the IOCTL path at PASSIVE_LEVEL */
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = ToyEvtIoDeviceControl;

    WDF_OBJECT_ATTRIBUTES_INIT(&queueAttributes);
    queueAttributes.ExecutionLevel = WdfExecutionLevelPassive;

    status = WdfIoQueueCreate(device, &queueConfig, &queueAttributes, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TOY_DBG("WdfIoQueueCreate 0x%08X\n", status);
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_TOYBUS, NULL);
    if (!NT_SUCCESS(status)) {
        TOY_DBG("WdfDeviceCreateDeviceInterface 0x%08X\n", status);
        return status;
    }

    return STATUS_SUCCESS;
}

/*
 * ChildInit belongs to the framework: no WdfDeviceInitFree here on any path.
 */
NTSTATUS
ToyEvtChildListCreateDevice(
    _In_ WDFCHILDLIST                                   ChildList,
    _In_ PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER   IdentificationDescription,
    _In_ PWDFDEVICE_INIT                                ChildInit
    )
{
    PTOY_ID_DESCRIPTION         desc;
    NTSTATUS                    status;
    WDF_OBJECT_ATTRIBUTES       attributes;
    WDF_DEVICE_PNP_CAPABILITIES pnpCaps;
    WDFDEVICE                   child;
    DECLARE_CONST_UNICODE_STRING(deviceId, TOY_DEVICE_ID);
    DECLARE_CONST_UNICODE_STRING(hardwareIds, TOY_HARDWARE_IDS);
    DECLARE_CONST_UNICODE_STRING(location, L"Toy bus");
    DECLARE_UNICODE_STRING_SIZE(buffer, 40);

    UNREFERENCED_PARAMETER(ChildList);
    PAGED_CODE();

    desc = CONTAINING_RECORD(IdentificationDescription, TOY_ID_DESCRIPTION, Header);

    status = WdfPdoInitAssignDeviceID(ChildInit, &deviceId);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfPdoInitAddHardwareID(ChildInit, &hardwareIds);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = RtlUnicodeStringPrintf(&buffer, L"%03lu", desc->SerialNo);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WdfPdoInitAssignInstanceID(ChildInit, &buffer);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = RtlUnicodeStringPrintf(&buffer, TOY_DESCRIPTION_FMT, desc->SerialNo);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WdfPdoInitAddDeviceText(ChildInit, &buffer, &location, 0x409);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WdfPdoInitSetDefaultLocale(ChildInit, 0x409);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, TOY_PDO_CONTEXT);
    attributes.EvtCleanupCallback = ToyEvtPdoCleanup;

    status = WdfDeviceCreate(&ChildInit, &attributes, &child);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ToyPdoGetContext(child)->SerialNo = desc->SerialNo;

    WDF_DEVICE_PNP_CAPABILITIES_INIT(&pnpCaps);
    pnpCaps.Removable         = WdfTrue;
    pnpCaps.EjectSupported    = WdfTrue;
    pnpCaps.SurpriseRemovalOK = WdfTrue;
    pnpCaps.Address           = desc->SerialNo;
    pnpCaps.UINumber          = desc->SerialNo;
    WdfDeviceSetPnpCapabilities(child, &pnpCaps);

    return STATUS_SUCCESS;
}

/*
 * The serial goes back to the pool when the PDO object itself is gone,
 * not at "unplug" time, so a lingering PDO can't collide with a new one.
 */
VOID
ToyEvtPdoCleanup(
    _In_ WDFOBJECT Object
    )
{
    PAGED_CODE();
    ToyReleaseSerial(ToyPdoGetContext((WDFDEVICE)Object)->SerialNo);
}

VOID
ToyEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    WDFCHILDLIST        list = WdfFdoGetDefaultChildList(WdfIoQueueGetDevice(Queue));
    TOY_ID_DESCRIPTION  desc;
    PULONG              buffer;
    NTSTATUS            status;
    ULONG_PTR           info = 0;

    UNREFERENCED_PARAMETER(InputBufferLength);

    WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER_INIT(&desc.Header, sizeof(desc));

    switch (IoControlCode) {
    case IOCTL_TOYBUS_PLUG:
        if (OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID*)&buffer, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        if (!ToyReserveSerial(&desc.SerialNo)) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        status = WdfChildListAddOrUpdateChildDescriptionAsPresent(list, &desc.Header, NULL);
        if (!NT_SUCCESS(status)) {
            /* no PDO will be created for it, so no cleanup will give it back */
            ToyReleaseSerial(desc.SerialNo);
            break;
        }
        *buffer = desc.SerialNo;
        info = sizeof(ULONG);
        break;

    case IOCTL_TOYBUS_UNPLUG:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), (PVOID*)&buffer, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        desc.SerialNo = *buffer;
        status = WdfChildListUpdateChildDescriptionAsMissing(list, &desc.Header);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
