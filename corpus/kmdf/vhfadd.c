/*
 * vhfadd.c - a KMDF virtual HID source whose EvtDriverDeviceAdd creates and
 * starts its VHF device, then deletes it again when a later step (the
 * device interface) fails: VhfDelete is the only undo, as the framework
 * deletes only its own objects when EvtDriverDeviceAdd fails.
 * Expected: no finding.
 */

#include <ntddk.h>
#include <wdf.h>
#include <vhf.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD VaEvtDeviceAdd;

static const GUID VaInterface =
    { 0x3f1b2c7d, 0x41a0, 0x4e6c, { 0x8d, 0x22, 0x5b, 0x19, 0x0e, 0x7a, 0x63, 0xc4 } };

static UCHAR VaReportDescriptor[] = {
    0x05, 0x01, 0x09, 0x05, 0xA1, 0x01, 0x05, 0x09, 0x19, 0x01, 0x29, 0x08,
    0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0xC0
};

typedef struct _VA_CONTEXT {
    VHFHANDLE Vhf;
} VA_CONTEXT, *PVA_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VA_CONTEXT, VaGetContext)

NTSTATUS
VaEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE device;
    PVA_CONTEXT context;
    VHF_CONFIG config;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, VA_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    context = VaGetContext(device);

    VHF_CONFIG_INIT(&config, WdfDeviceWdmGetDeviceObject(device), sizeof(VaReportDescriptor),
                    VaReportDescriptor);
    status = VhfCreate(&config, &context->Vhf);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = VhfStart(context->Vhf);
    if (!NT_SUCCESS(status)) {
        VhfDelete(context->Vhf, TRUE);
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &VaInterface, NULL);
    if (!NT_SUCCESS(status)) {
        VhfDelete(context->Vhf, TRUE);
        return status;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;

    WDF_DRIVER_CONFIG_INIT(&config, VaEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}
