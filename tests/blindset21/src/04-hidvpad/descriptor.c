/*++
Module Name:
    descriptor.c

Abstract:
    HID report descriptor variants and the driver-wide descriptor copy.
--*/
#include "hidvpad.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, VpBuildReportDescriptor)
#pragma alloc_text(INIT, VpQueryRumbleSetting)
#endif

//
// Gamepad: 16 buttons, 4 axes, hat switch.
//
static const UCHAR s_BaseDescriptor[] = {
    0x05, 0x01,                 // USAGE_PAGE (Generic Desktop)
    0x09, 0x05,                 // USAGE (Game Pad)
    0xA1, 0x01,                 // COLLECTION (Application)
    0x85, VP_INPUT_REPORT_ID,   //   REPORT_ID (1)
    0x05, 0x09,                 //   USAGE_PAGE (Button)
    0x19, 0x01,                 //   USAGE_MINIMUM (Button 1)
    0x29, 0x10,                 //   USAGE_MAXIMUM (Button 16)
    0x15, 0x00,                 //   LOGICAL_MINIMUM (0)
    0x25, 0x01,                 //   LOGICAL_MAXIMUM (1)
    0x75, 0x01,                 //   REPORT_SIZE (1)
    0x95, 0x10,                 //   REPORT_COUNT (16)
    0x81, 0x02,                 //   INPUT (Data,Var,Abs)
    0x05, 0x01,                 //   USAGE_PAGE (Generic Desktop)
    0x09, 0x30,                 //   USAGE (X)
    0x09, 0x31,                 //   USAGE (Y)
    0x09, 0x33,                 //   USAGE (Rx)
    0x09, 0x34,                 //   USAGE (Ry)
    0x15, 0x00,                 //   LOGICAL_MINIMUM (0)
    0x26, 0xFF, 0x00,           //   LOGICAL_MAXIMUM (255)
    0x75, 0x08,                 //   REPORT_SIZE (8)
    0x95, 0x04,                 //   REPORT_COUNT (4)
    0x81, 0x02,                 //   INPUT (Data,Var,Abs)
    0x09, 0x39,                 //   USAGE (Hat switch)
    0x15, 0x00,                 //   LOGICAL_MINIMUM (0)
    0x25, 0x07,                 //   LOGICAL_MAXIMUM (7)
    0x75, 0x08,                 //   REPORT_SIZE (8)
    0x95, 0x01,                 //   REPORT_COUNT (1)
    0x81, 0x42,                 //   INPUT (Data,Var,Abs,Null)
};

//
// Optional vendor output report carrying two rumble motor levels.
//
static const UCHAR s_RumbleDescriptor[] = {
    0x85, VP_OUTPUT_REPORT_ID,  //   REPORT_ID (2)
    0x06, 0x00, 0xFF,           //   USAGE_PAGE (Vendor Defined)
    0x09, 0x01,                 //   USAGE (Vendor Usage 1)
    0x15, 0x00,                 //   LOGICAL_MINIMUM (0)
    0x26, 0xFF, 0x00,           //   LOGICAL_MAXIMUM (255)
    0x75, 0x08,                 //   REPORT_SIZE (8)
    0x95, 0x07,                 //   REPORT_COUNT (7)
    0x91, 0x02,                 //   OUTPUT (Data,Var,Abs)
};

static const UCHAR s_EndCollection[] = {
    0xC0                        // END_COLLECTION
};

const HID_DESCRIPTOR g_VpHidDescriptorTemplate = {
    sizeof(HID_DESCRIPTOR),     // bLength
    0x21,                       // bDescriptorType
    0x0101,                     // bcdHID
    0x00,                       // bCountry
    0x01,                       // bNumDescriptors
    {
        0x22,                   // bReportType
        0                       // wReportLength, patched per device
    }
};

_Use_decl_annotations_
NTSTATUS
VpBuildReportDescriptor(
    PVP_GLOBALS Globals,
    BOOLEAN     WithRumble
    )
{
    SIZE_T total;
    SIZE_T offset = 0;
    PUCHAR buffer;

    total = sizeof(s_BaseDescriptor) + sizeof(s_EndCollection);
    if (WithRumble) {
        total += sizeof(s_RumbleDescriptor);
    }

    buffer = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, total, VP_POOL_TAG);
    if (buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyMemory(buffer + offset, s_BaseDescriptor, sizeof(s_BaseDescriptor));
    offset += sizeof(s_BaseDescriptor);

    if (WithRumble) {
        RtlCopyMemory(buffer + offset, s_RumbleDescriptor, sizeof(s_RumbleDescriptor));
        offset += sizeof(s_RumbleDescriptor);
    }

    RtlCopyMemory(buffer + offset, s_EndCollection, sizeof(s_EndCollection));
    offset += sizeof(s_EndCollection);

    NT_ASSERT(offset == total);

    Globals->ReportDescriptor = buffer;
    Globals->ReportDescriptorLength = (USHORT)total;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
VpFreeReportDescriptor(
    PVP_GLOBALS Globals
    )
{
    if (Globals->ReportDescriptor != NULL) {
        ExFreePoolWithTag(Globals->ReportDescriptor, VP_POOL_TAG);
        Globals->ReportDescriptor = NULL;
        Globals->ReportDescriptorLength = 0;
    }
}

_Use_decl_annotations_
BOOLEAN
VpQueryRumbleSetting(
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS          status;
    OBJECT_ATTRIBUTES oa;
    HANDLE            key;
    UNICODE_STRING    valueName = RTL_CONSTANT_STRING(L"EnableRumble");
    UCHAR             buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG             length;
    BOOLEAN           rumble = FALSE;

    InitializeObjectAttributes(&oa, RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);

    status = ZwOpenKey(&key, KEY_QUERY_VALUE, &oa);
    if (!NT_SUCCESS(status)) {
        return FALSE;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &length);
    if (NT_SUCCESS(status) &&
        info->Type == REG_DWORD &&
        info->DataLength == sizeof(ULONG)) {
        rumble = (*(ULONG UNALIGNED *)info->Data) != 0;
    }

    ZwClose(key);
    return rumble;
}
