/*++

Copyright (c) VHid project.

Module Name:

    device.c

Abstract:

    EvtDriverDeviceAdd and the HID descriptors.

Environment:

    Kernel mode only

--*/

#include "vhid.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text (PAGE, VhidEvtDeviceAdd)
#endif

//
// Gamepad: 16 buttons, two sticks, one hat switch; one output report for
// rumble motors.
//
const HID_REPORT_DESCRIPTOR VhidReportDescriptor[] = {
    0x05, 0x01,                     // USAGE_PAGE (Generic Desktop)
    0x09, 0x05,                     // USAGE (Game Pad)
    0xa1, 0x01,                     // COLLECTION (Application)
    0x85, VHID_REPORT_ID_INPUT,     //   REPORT_ID (1)
    0x05, 0x09,                     //   USAGE_PAGE (Button)
    0x19, 0x01,                     //   USAGE_MINIMUM (Button 1)
    0x29, 0x10,                     //   USAGE_MAXIMUM (Button 16)
    0x15, 0x00,                     //   LOGICAL_MINIMUM (0)
    0x25, 0x01,                     //   LOGICAL_MAXIMUM (1)
    0x75, 0x01,                     //   REPORT_SIZE (1)
    0x95, 0x10,                     //   REPORT_COUNT (16)
    0x81, 0x02,                     //   INPUT (Data,Var,Abs)
    0x05, 0x01,                     //   USAGE_PAGE (Generic Desktop)
    0x09, 0x30,                     //   USAGE (X)
    0x09, 0x31,                     //   USAGE (Y)
    0x09, 0x33,                     //   USAGE (Rx)
    0x09, 0x34,                     //   USAGE (Ry)
    0x16, 0x00, 0x80,               //   LOGICAL_MINIMUM (-32768)
    0x26, 0xff, 0x7f,               //   LOGICAL_MAXIMUM (32767)
    0x75, 0x10,                     //   REPORT_SIZE (16)
    0x95, 0x04,                     //   REPORT_COUNT (4)
    0x81, 0x02,                     //   INPUT (Data,Var,Abs)
    0x09, 0x39,                     //   USAGE (Hat switch)
    0x15, 0x00,                     //   LOGICAL_MINIMUM (0)
    0x25, 0x07,                     //   LOGICAL_MAXIMUM (7)
    0x75, 0x08,                     //   REPORT_SIZE (8)
    0x95, 0x01,                     //   REPORT_COUNT (1)
    0x81, 0x42,                     //   INPUT (Data,Var,Abs,Null)
    0x85, VHID_REPORT_ID_OUTPUT,    //   REPORT_ID (2)
    0x06, 0x00, 0xff,               //   USAGE_PAGE (Vendor Defined)
    0x09, 0x01,                     //   USAGE (Vendor Usage 1)
    0x15, 0x00,                     //   LOGICAL_MINIMUM (0)
    0x26, 0xff, 0x00,               //   LOGICAL_MAXIMUM (255)
    0x75, 0x08,                     //   REPORT_SIZE (8)
    0x95, 0x02,                     //   REPORT_COUNT (2)
    0x91, 0x02,                     //   OUTPUT (Data,Var,Abs)
    0xc0                            // END_COLLECTION
};

const ULONG VhidReportDescriptorLength = sizeof(VhidReportDescriptor);

static const HID_DESCRIPTOR VhidDefaultHidDescriptor = {
    0x09,                           // length of HID descriptor
    0x21,                           // descriptor type == HID
    0x0100,                         // hid spec release
    0x00,                           // country code == Not Specified
    0x01,                           // number of HID class descriptors
    {                               // DescriptorList[0]
        0x22,                       // report descriptor type 0x22
        sizeof(VhidReportDescriptor)
    }
};

NTSTATUS
VhidEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
/*++

Routine Description:

    Called by the framework in response to AddDevice from the PnP manager.
    Creates the device object as a lower filter of mshidkmdf.sys, the
    internal IOCTL queue, and the report timer.

--*/
{
    NTSTATUS status;
    WDF_OBJECT_ATTRIBUTES deviceAttributes;
    WDFDEVICE device;
    PVHID_DEVICE_CONTEXT deviceContext;
    PVHID_DRIVER_CONTEXT driverContext = VhidGetDriverContext(Driver);

    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! Entry");

    //
    // Mark ourselves as a filter, which also relinquishes power policy
    // ownership to mshidkmdf.
    //
    WdfFdoInitSetFilter(DeviceInit);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&deviceAttributes, VHID_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &deviceAttributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate failed %!STATUS!", status);
        return status;
    }

    deviceContext = VhidGetDeviceContext(device);
    deviceContext->Device = device;
    deviceContext->IntervalMs = driverContext->ReportIntervalMs;
    deviceContext->HidDescriptor = VhidDefaultHidDescriptor;
    deviceContext->ReportDescriptor = (PHID_REPORT_DESCRIPTOR)VhidReportDescriptor;

    deviceContext->Attributes.Size = sizeof(HID_DEVICE_ATTRIBUTES);
    deviceContext->Attributes.VendorID = VHID_VENDOR_ID;
    deviceContext->Attributes.ProductID = VHID_PRODUCT_ID;
    deviceContext->Attributes.VersionNumber = VHID_VERSION;

    deviceContext->State.ReportId = VHID_REPORT_ID_INPUT;
    deviceContext->State.Hat = 0x08;    // null state

    status = WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &deviceContext->StateLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = VhidQueueInitialize(device, deviceContext);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "VhidQueueInitialize failed %!STATUS!", status);
        return status;
    }

    status = VhidReportInitialize(device, deviceContext);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "VhidReportInitialize failed %!STATUS!", status);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! Exit");
    return STATUS_SUCCESS;
}
