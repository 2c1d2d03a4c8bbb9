/*
 * usbcam.c - AVStream minidriver for the inspection camera. AVStream owns
 * the driver object: KsInitializeDriver installs its dispatch routines,
 * AddDevice and unload from our device descriptor, and its status is ours.
 */

#include <ntddk.h>
#include <ks.h>

#define USBCAM_POOLTAG 'maCU'

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS UsbCamDeviceAdd(_In_ PKSDEVICE Device);

static const KSDEVICE_DISPATCH UsbCamDeviceDispatch = {
    UsbCamDeviceAdd,    /* Add */
    NULL,               /* Start */
    NULL,               /* PostStart */
    NULL,               /* QueryStop */
    NULL,               /* CancelStop */
    NULL,               /* Stop */
    NULL,               /* QueryRemove */
    NULL,               /* CancelRemove */
    NULL,               /* Remove */
    NULL,               /* QueryCapabilities */
    NULL,               /* SurpriseRemoval */
    NULL,               /* QueryPower */
    NULL,               /* SetPower */
    NULL                /* QueryInterface */
};

static const KSDEVICE_DESCRIPTOR UsbCamDeviceDescriptor = {
    &UsbCamDeviceDispatch,
    0,
    NULL
};

NTSTATUS
DriverEntry(                                                    // expect-entry: avstream-minidriver
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    return KsInitializeDriver(DriverObject, RegistryPath, &UsbCamDeviceDescriptor);
}

static NTSTATUS
UsbCamDeviceAdd(
    _In_ PKSDEVICE Device
    )
{
    PVOID context = ExAllocatePoolZero(NonPagedPoolNx, 64, USBCAM_POOLTAG);
    if (context == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Device->Context = context;
    return STATUS_SUCCESS;
}
