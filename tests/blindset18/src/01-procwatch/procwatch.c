/*
 * procwatch.c - logs process creation/exit and hands the events
 * to a user mode client through DeviceIoControl.
 *
 * build: WDK, link with /INTEGRITYCHECK (needed for the Ex notify routine)
 * load:  sc create procwatch type= kernel binPath= C:\drv\procwatch.sys
 */
#include <ntddk.h>

#define PW_TAG              'hctW'
#define PW_DEVICE_NAME      L"\\Device\\ProcWatch"
#define PW_SYMLINK_NAME     L"\\??\\ProcWatch"
#define PW_MAX_EVENTS       1024

#define IOCTL_PW_GET_EVENT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PW_GET_COUNT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _PW_EVENT {
	ULONG		ProcessId;
	ULONG		ParentId;
	BOOLEAN		Create;
	LARGE_INTEGER	Time;
	WCHAR		ImageName[260];
} PW_EVENT, *PPW_EVENT;

typedef struct _PW_ENTRY {
	LIST_ENTRY	Link;
	PW_EVENT	Event;
} PW_ENTRY, *PPW_ENTRY;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ProcWatchUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH ProcWatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH ProcWatchDeviceControl;

static LIST_ENTRY	g_EventList;
static KSPIN_LOCK	g_EventLock;
static LONG		g_EventCount;

static VOID
OnProcessNotify(
	_Inout_ PEPROCESS Process,
	_In_ HANDLE ProcessId,
	_Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
	)
{
	PPW_ENTRY pEntry;
	KIRQL oldIrql;
	USHORT cbName;

	UNREFERENCED_PARAMETER(Process);

	if (g_EventCount >= PW_MAX_EVENTS) {
		// client is not reading, just drop it
		return;
	}

	pEntry = (PPW_ENTRY)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(PW_ENTRY), PW_TAG);
	if (pEntry == NULL) {
		return;
	}

	pEntry->Event.ProcessId = HandleToULong(ProcessId);
	KeQuerySystemTimePrecise(&pEntry->Event.Time);

	if (CreateInfo != NULL) {
		pEntry->Event.Create = TRUE;
		pEntry->Event.ParentId = HandleToULong(CreateInfo->ParentProcessId);
		if (CreateInfo->ImageFileName != NULL) {
			cbName = CreateInfo->ImageFileName->Length;
			if (cbName > sizeof(pEntry->Event.ImageName) - sizeof(WCHAR)) {
				cbName = sizeof(pEntry->Event.ImageName) - sizeof(WCHAR);
			}
			RtlCopyMemory(pEntry->Event.ImageName, CreateInfo->ImageFileName->Buffer, cbName);
		}
	} else {
		pEntry->Event.Create = FALSE;
	}

	KeAcquireSpinLock(&g_EventLock, &oldIrql);
	InsertTailList(&g_EventList, &pEntry->Link);
	InterlockedIncrement(&g_EventCount);
	KeReleaseSpinLock(&g_EventLock, oldIrql);
}

NTSTATUS
ProcWatchCreateClose(
	_In_ PDEVICE_OBJECT DeviceObject,
	_Inout_ PIRP Irp
	)
{
	UNREFERENCED_PARAMETER(DeviceObject);

	Irp->IoStatus.Status = STATUS_SUCCESS;
	Irp->IoStatus.Information = 0;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return STATUS_SUCCESS;
}

NTSTATUS
ProcWatchDeviceControl(
	_In_ PDEVICE_OBJECT DeviceObject,
	_Inout_ PIRP Irp
	)
{
	PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
	NTSTATUS status = STATUS_SUCCESS;
	ULONG_PTR info = 0;
	ULONG outLen = irpSp->Parameters.DeviceIoControl.OutputBufferLength;
	PLIST_ENTRY pLink;
	PPW_ENTRY pEntry;
	KIRQL oldIrql;

	UNREFERENCED_PARAMETER(DeviceObject);

	switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
	case IOCTL_PW_GET_EVENT:
		if (outLen < sizeof(PW_EVENT)) {
			status = STATUS_BUFFER_TOO_SMALL;
			break;
		}
		pLink = NULL;
		KeAcquireSpinLock(&g_EventLock, &oldIrql);
		if (!IsListEmpty(&g_EventList)) {
			pLink = RemoveHeadList(&g_EventList);
			InterlockedDecrement(&g_EventCount);
		}
		KeReleaseSpinLock(&g_EventLock, oldIrql);

		if (pLink == NULL) {
			status = STATUS_NO_MORE_ENTRIES;
			break;
		}
		pEntry = CONTAINING_RECORD(pLink, PW_ENTRY, Link);
		RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &pEntry->Event, sizeof(PW_EVENT));
		ExFreePoolWithTag(pEntry, PW_TAG);
		info = sizeof(PW_EVENT);
		break;

	case IOCTL_PW_GET_COUNT:
		if (outLen < sizeof(LONG)) {
			status = STATUS_BUFFER_TOO_SMALL;
			break;
		}
		*(PLONG)Irp->AssociatedIrp.SystemBuffer = g_EventCount;
		info = sizeof(LONG);
		break;

	default:
		status = STATUS_INVALID_DEVICE_REQUEST;
		break;
	}

	Irp->IoStatus.Status = status;
	Irp->IoStatus.Information = info;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return status;
}

VOID
ProcWatchUnload(
	_In_ PDRIVER_OBJECT DriverObject
	)
{
	PLIST_ENTRY pLink;

	PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);

	// throw away whatever the client did not read
	while (!IsListEmpty(&g_EventList)) {
		pLink = RemoveHeadList(&g_EventList);
		ExFreePoolWithTag(CONTAINING_RECORD(pLink, PW_ENTRY, Link), PW_TAG);
	}

	IoDeleteDevice(DriverObject->DeviceObject);
	DbgPrint("[procwatch] unloaded\n");
}

NTSTATUS
DriverEntry(
	_In_ PDRIVER_OBJECT DriverObject,
	_In_ PUNICODE_STRING RegistryPath
	)
{
	NTSTATUS status;
	UNICODE_STRING devName = RTL_CONSTANT_STRING(PW_DEVICE_NAME);
	UNICODE_STRING symLink = RTL_CONSTANT_STRING(PW_SYMLINK_NAME);
	PDEVICE_OBJECT DeviceObject = NULL;

	UNREFERENCED_PARAMETER(RegistryPath);

	DbgPrint("[procwatch] DriverEntry\n");

	InitializeListHead(&g_EventList);
	KeInitializeSpinLock(&g_EventLock);
	g_EventCount = 0;

	status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
		FILE_DEVICE_SECURE_OPEN, FALSE, &DeviceObject);
	if (!NT_SUCCESS(status)) {
		DbgPrint("[procwatch] IoCreateDevice failed 0x%08X\n", status);
		return status;
	}
	DeviceObject->Flags |= DO_BUFFERED_IO;

	status = IoCreateSymbolicLink(&symLink, &devName);
	if (!NT_SUCCESS(status)) {
		DbgPrint("[procwatch] IoCreateSymbolicLink failed 0x%08X\n", status);
		return status;
	}

	status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
	if (!NT_SUCCESS(status)) {
		DbgPrint("[procwatch] PsSetCreateProcessNotifyRoutineEx failed 0x%08X\n", status);
		IoDeleteSymbolicLink(&symLink);
		IoDeleteDevice(DeviceObject);
		return status;
	}

	DriverObject->DriverUnload = ProcWatchUnload;
	DriverObject->MajorFunction[IRP_MJ_CREATE] = ProcWatchCreateClose;
	DriverObject->MajorFunction[IRP_MJ_CLOSE] = ProcWatchCreateClose;
	DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ProcWatchDeviceControl;

	DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

	DbgPrint("[procwatch] loaded\n");
	return STATUS_SUCCESS;
}
