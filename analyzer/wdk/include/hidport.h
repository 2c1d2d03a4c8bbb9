/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's model of the kit's <hidport.h>, which mingw-w64 lacks: what
 * a HID minidriver registers with the HID class driver from its DriverEntry
 * (HID_MINIDRIVER_REGISTRATION, HidRegisterMinidriver), the device extension
 * the class driver lays out for it, and the structures and IOCTLs of its
 * internal device control. Declarations as Microsoft documents them. The
 * IOCTL codes mingw's ddk/hidclass.h already defines (some with placeholder
 * values) are left as they are: only their names matter here. */
#ifndef ENTRYCHECK_HIDPORT_H
#define ENTRYCHECK_HIDPORT_H

#include <wdm.h>
#include <hidclass.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _HID_MINIDRIVER_REGISTRATION {
	ULONG Revision;
	PDRIVER_OBJECT DriverObject;
	PUNICODE_STRING RegistryPath;
	ULONG DeviceExtensionSize;
	BOOLEAN DevicesArePolled;
	UCHAR Reserved[3];
} HID_MINIDRIVER_REGISTRATION, *PHID_MINIDRIVER_REGISTRATION;

typedef struct _HID_DEVICE_EXTENSION {
	PDEVICE_OBJECT PhysicalDeviceObject;
	PDEVICE_OBJECT NextDeviceObject;
	PVOID MiniDeviceExtension;
} HID_DEVICE_EXTENSION, *PHID_DEVICE_EXTENSION;

#pragma pack(push, 1)
typedef struct _HID_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	USHORT bcdHID;
	UCHAR bCountry;
	UCHAR bNumDescriptors;
	struct _HID_DESCRIPTOR_DESC_LIST {
		UCHAR bReportType;
		USHORT wReportLength;
	} DescriptorList[1];
} HID_DESCRIPTOR, *PHID_DESCRIPTOR;
#pragma pack(pop)

typedef struct _HID_DEVICE_ATTRIBUTES {
	ULONG Size;
	USHORT VendorID;
	USHORT ProductID;
	USHORT VersionNumber;
	USHORT Reserved[11];
} HID_DEVICE_ATTRIBUTES, *PHID_DEVICE_ATTRIBUTES;

typedef VOID (*HID_SEND_IDLE_CALLBACK)(PVOID Context);

typedef struct _HID_SUBMIT_IDLE_NOTIFICATION_CALLBACK_INFO {
	HID_SEND_IDLE_CALLBACK IdleCallback;
	PVOID IdleContext;
} HID_SUBMIT_IDLE_NOTIFICATION_CALLBACK_INFO, *PHID_SUBMIT_IDLE_NOTIFICATION_CALLBACK_INFO;

#ifndef IOCTL_HID_ACTIVATE_DEVICE
#define IOCTL_HID_ACTIVATE_DEVICE HID_CTL_CODE(7)
#endif
#ifndef IOCTL_HID_DEACTIVATE_DEVICE
#define IOCTL_HID_DEACTIVATE_DEVICE HID_CTL_CODE(8)
#endif
#ifndef IOCTL_HID_SEND_IDLE_NOTIFICATION_REQUEST
#define IOCTL_HID_SEND_IDLE_NOTIFICATION_REQUEST HID_CTL_CODE(10)
#endif

NTSTATUS NTAPI HidRegisterMinidriver(PHID_MINIDRIVER_REGISTRATION MinidriverRegistration);
NTSTATUS NTAPI HidNotifyPresence(PDEVICE_OBJECT DeviceObject, BOOLEAN IsPresent);

#ifdef __cplusplus
}
#endif

#endif
