/*
 * device.c - device creation, COM name, SERIALCOMM entry.
 */
#include "vcom.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VcomEvtDeviceAdd)
#pragma alloc_text(PAGE, VcomEvtDeviceContextCleanup)
#endif

static NTSTATUS
VcomReadPortName(
    _In_ WDFDEVICE Device,
    _Inout_ PDEVICE_CONTEXT Ctx
    )
{
    DECLARE_CONST_UNICODE_STRING(valueName, L"PortName");
    WDFKEY key;
    NTSTATUS status;

    PAGED_CODE();

    status = WdfDeviceOpenRegistryKey(Device,
                                      PLUGPLAY_REGKEY_DEVICE,
                                      KEY_QUERY_VALUE,
                                      WDF_NO_OBJECT_ATTRIBUTES,
                                      &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitEmptyUnicodeString(&Ctx->PortName, Ctx->PortNameBuffer, sizeof(Ctx->PortNameBuffer));
    status = WdfRegistryQueryUnicodeString(key, &valueName, NULL, &Ctx->PortName);
    WdfRegistryClose(key);
    return status;
}

static NTSTATUS
VcomCreateDosName(
    _In_ WDFDEVICE Device,
    _Inout_ PDEVICE_CONTEXT Ctx
    )
{
    DECLARE_UNICODE_STRING_SIZE(link, 64);
    DECLARE_UNICODE_STRING_SIZE(pdoName, 128);
    WDFSTRING pdoString = NULL;
    NTSTATUS status;

    PAGED_CODE();

    status = RtlUnicodeStringPrintf(&link, L"\\DosDevices\\%wZ", &Ctx->PortName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(Device, &link);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    Ctx->SymbolicLinkCreated = TRUE;

    //
    // HKLM\HARDWARE\DEVICEMAP\SERIALCOMM: <device name> = COMx, so that the
    // port shows up in every terminal program's list.
    //
    status = WdfStringCreate(NULL, WDF_NO_OBJECT_ATTRIBUTES, &pdoString);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WdfDeviceRetrieveDeviceName(Device, pdoString);
    if (NT_SUCCESS(status)) {
        UNICODE_STRING name;
        WdfStringGetUnicodeString(pdoString, &name);
        status = RtlUnicodeStringCopy(&pdoName, &name);
    }
    WdfObjectDelete(pdoString);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = RtlWriteRegistryValue(RTL_REGISTRY_DEVICEMAP,
                                   SERIAL_DEVICE_MAP,
                                   pdoName.Buffer,
                                   REG_SZ,
                                   Ctx->PortName.Buffer,
                                   Ctx->PortName.Length + sizeof(WCHAR));
    if (NT_SUCCESS(status)) {
        Ctx->SerialCommWritten = TRUE;
    }
    return status;
}

NTSTATUS
VcomEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE device;
    PDEVICE_CONTEXT ctx;
    PUCHAR ring;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_SERIAL_PORT);
    WdfDeviceInitSetExclusive(DeviceInit, TRUE);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = VcomEvtDeviceContextCleanup;
    attributes.SynchronizationScope = WdfSynchronizationScopeNone;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        VcomDbg(VCOM_DBG_ERROR, "WdfDeviceCreate 0x%08X", status);
        return status;
    }

    ctx = VcomGetDeviceContext(device);
    ctx->Device = device;

    status = WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &ctx->Lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ring = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, g_VcomSettings.RingSize, VCOM_POOL_TAG);
    if (ring == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    VcomRingInit(&ctx->Ring, ring, g_VcomSettings.RingSize);

    ctx->BaudRate.BaudRate = g_VcomSettings.DefaultBaudRate;
    ctx->LineControl.WordLength = 8;
    ctx->LineControl.Parity = NO_PARITY;
    ctx->LineControl.StopBits = STOP_BIT_1;
    ctx->Chars.XonChar = 0x11;
    ctx->Chars.XoffChar = 0x13;

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_COMPORT, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = VcomReadPortName(device, ctx);
    if (!NT_SUCCESS(status)) {
        VcomDbg(VCOM_DBG_WARN, "no PortName (0x%08X), no DOS name", status);
    } else if (g_VcomSettings.CreateDosName) {
        status = VcomCreateDosName(device, ctx);
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }

    return VcomQueueInitialize(device);
}

VOID
VcomEvtDeviceContextCleanup(
    _In_ WDFOBJECT Object
    )
{
    PDEVICE_CONTEXT ctx = VcomGetDeviceContext((WDFDEVICE)Object);
    DECLARE_UNICODE_STRING_SIZE(pdoName, 128);
    WDFSTRING pdoString;

    PAGED_CODE();

    if (ctx->SerialCommWritten &&
        NT_SUCCESS(WdfStringCreate(NULL, WDF_NO_OBJECT_ATTRIBUTES, &pdoString))) {
        if (NT_SUCCESS(WdfDeviceRetrieveDeviceName((WDFDEVICE)Object, pdoString))) {
            UNICODE_STRING name;
            WdfStringGetUnicodeString(pdoString, &name);
            if (NT_SUCCESS(RtlUnicodeStringCopy(&pdoName, &name))) {
                RtlDeleteRegistryValue(RTL_REGISTRY_DEVICEMAP, SERIAL_DEVICE_MAP, pdoName.Buffer);
            }
        }
        WdfObjectDelete(pdoString);
        ctx->SerialCommWritten = FALSE;
    }

    if (ctx->Ring.Base != NULL) {
        ExFreePoolWithTag(ctx->Ring.Base, VCOM_POOL_TAG);
        ctx->Ring.Base = NULL;
    }
}
