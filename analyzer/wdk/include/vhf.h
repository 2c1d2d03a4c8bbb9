/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's model of the kit's <vhf.h> (the Virtual HID Framework), which
 * mingw-w64 lacks: what a HID source driver (KMDF, or UMDF 2 in user mode)
 * calls to create, start and delete its virtual HID device and to submit
 * input reports (VhfCreate, VhfStart, VhfDelete, VhfReadReportSubmit,
 * VhfAsyncOperationComplete), the VHF_CONFIG it describes the device with and
 * the EVT_VHF_* callback role types it names. Declarations as Microsoft
 * documents them. HID_XFER_PACKET comes from mingw-w64's hidclass.h (the
 * overlay reads the kernel- or the user-mode one). */
#ifndef ENTRYCHECK_VHF_H
#define ENTRYCHECK_VHF_H

#ifdef _KERNEL_MODE
#include <wdm.h>
#else
#include <windows.h>
/* Same guards as wdf.h's and mingw's winternl.h / fltuserstructures.h. */
#if !defined(_NTDEF_) && !defined(_NTSTATUS_PSDK)
#define _NTSTATUS_PSDK
typedef LONG NTSTATUS, *PNTSTATUS;
#endif
#endif
#include <hidclass.h>   /* HID_XFER_PACKET */

#ifdef __cplusplus
extern "C" {
#endif

/* Opaque handles: the virtual HID device, and one asynchronous operation. */
typedef PVOID VHFHANDLE;
typedef PVOID VHFOPERATIONHANDLE;

typedef VOID EVT_VHF_READY_FOR_NEXT_READ_REPORT(PVOID VhfClientContext);
typedef EVT_VHF_READY_FOR_NEXT_READ_REPORT *PEVT_VHF_READY_FOR_NEXT_READ_REPORT;
typedef VOID EVT_VHF_ASYNC_OPERATION(PVOID VhfClientContext, VHFOPERATIONHANDLE VhfOperationHandle,
				     PVOID VhfOperationContext, PHID_XFER_PACKET HidTransferPacket);
typedef EVT_VHF_ASYNC_OPERATION *PEVT_VHF_ASYNC_OPERATION;
typedef VOID EVT_VHF_CLEANUP(PVOID VhfClientContext);
typedef EVT_VHF_CLEANUP *PEVT_VHF_CLEANUP;

typedef struct _VHF_CONFIG {
	ULONG Size;
	PVOID VhfClientContext;
	ULONG OperationContextSize;
#ifdef _KERNEL_MODE
	PDEVICE_OBJECT DeviceObject;
#else
	HANDLE FileHandle;
#endif
	USHORT VendorID;
	USHORT ProductID;
	USHORT VersionNumber;
	GUID ContainerID;
	USHORT InstanceIDLength;
	PWSTR InstanceID;
	USHORT ReportDescriptorLength;
	PUCHAR ReportDescriptor;
	PEVT_VHF_READY_FOR_NEXT_READ_REPORT EvtVhfReadyForNextReadReport;
	PEVT_VHF_ASYNC_OPERATION EvtVhfAsyncOperationGetFeature;
	PEVT_VHF_ASYNC_OPERATION EvtVhfAsyncOperationSetFeature;
	PEVT_VHF_ASYNC_OPERATION EvtVhfAsyncOperationWriteReport;
	PEVT_VHF_ASYNC_OPERATION EvtVhfAsyncOperationGetInputReport;
	PEVT_VHF_CLEANUP EvtVhfCleanup;
	USHORT HardwareIDsLength;
	PWSTR HardwareIDs;
} VHF_CONFIG, *PVHF_CONFIG;

/* Fills the required members: the size, the driver's device object (kernel
 * mode) or the file handle of its I/O target (user mode), and the HID report
 * descriptor. */
FORCEINLINE VOID VHF_CONFIG_INIT(PVHF_CONFIG Config,
#ifdef _KERNEL_MODE
				 PDEVICE_OBJECT DeviceObject,
#else
				 HANDLE FileHandle,
#endif
				 USHORT ReportDescriptorLength, PUCHAR ReportDescriptor)
{
	RtlZeroMemory(Config, sizeof(VHF_CONFIG));
	Config->Size = sizeof(VHF_CONFIG);
#ifdef _KERNEL_MODE
	Config->DeviceObject = DeviceObject;
#else
	Config->FileHandle = FileHandle;
#endif
	Config->ReportDescriptorLength = ReportDescriptorLength;
	Config->ReportDescriptor = ReportDescriptor;
}

NTSTATUS VhfCreate(PVHF_CONFIG VhfConfig, VHFHANDLE *VhfHandle);
NTSTATUS VhfStart(VHFHANDLE VhfHandle);
/* Wait: TRUE to return only once the virtual device is deleted. */
VOID VhfDelete(VHFHANDLE VhfHandle, BOOLEAN Wait);
NTSTATUS VhfReadReportSubmit(VHFHANDLE VhfHandle, PHID_XFER_PACKET HidTransferPacket);
NTSTATUS VhfAsyncOperationComplete(VHFOPERATIONHANDLE VhfOperationHandle, NTSTATUS CompletionStatus);

#ifdef __cplusplus
}
#endif

#endif /* ENTRYCHECK_VHF_H */
