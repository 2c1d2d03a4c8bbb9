/*
 * cfgcache.c
 *
 * A small key/value cache living in the kernel (for a game trainer that
 * wants to share values between several user processes). The number of
 * slots comes from HKLM\...\Services\cfgcache\Parameters\MaxEntries.
 */
#include <ntddk.h>

#define CC_TAG			'hcCC'
#define CC_DEFAULT_ENTRIES	64
#define CC_LIMIT_ENTRIES	65536

#define IOCTL_CC_PUT	CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_CC_GET	CTL_CODE(FILE_DEVICE_UNKNOWN, 0x881, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_CC_CLEAR	CTL_CODE(FILE_DEVICE_UNKNOWN, 0x882, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _CC_ENTRY {
	ULONG	Key;
	ULONG	InUse;
	ULONG64	Value;
} CC_ENTRY, *PCC_ENTRY;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CcUnload;
DRIVER_DISPATCH CcCreateClose;
DRIVER_DISPATCH CcIoctl;

static UNICODE_STRING	g_RegPath;		/* our own copy of RegistryPath */
static PCC_ENTRY	g_Cache;
static ULONG		g_MaxEntries = CC_DEFAULT_ENTRIES;
static KSPIN_LOCK	g_CacheLock;
static PDEVICE_OBJECT	g_Device;

static UNICODE_STRING	g_DevName = RTL_CONSTANT_STRING(L"\\Device\\CfgCache");
static UNICODE_STRING	g_LinkName = RTL_CONSTANT_STRING(L"\\??\\CfgCache");

static NTSTATUS CcCopyRegistryPath(PCUNICODE_STRING RegistryPath)
{
	g_RegPath.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
	g_RegPath.Length = 0;
	g_RegPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, g_RegPath.MaximumLength, CC_TAG);
	if (g_RegPath.Buffer == NULL) {
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	RtlCopyUnicodeString(&g_RegPath, RegistryPath);
	return STATUS_SUCCESS;
}

static VOID CcReadParameters(VOID)
{
	NTSTATUS status;
	HANDLE hService = NULL, hParams = NULL;
	OBJECT_ATTRIBUTES oa;
	UNICODE_STRING sub = RTL_CONSTANT_STRING(L"Parameters");
	UNICODE_STRING val = RTL_CONSTANT_STRING(L"MaxEntries");
	UCHAR buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
	PKEY_VALUE_PARTIAL_INFORMATION kv = (PKEY_VALUE_PARTIAL_INFORMATION)buf;
	ULONG len;

	InitializeObjectAttributes(&oa, &g_RegPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
	status = ZwOpenKey(&hService, KEY_READ, &oa);
	if (!NT_SUCCESS(status)) {
		return;
	}

	InitializeObjectAttributes(&oa, &sub, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, hService, NULL);
	status = ZwOpenKey(&hParams, KEY_READ, &oa);
	if (NT_SUCCESS(status)) {
		status = ZwQueryValueKey(hParams, &val, KeyValuePartialInformation, kv, sizeof(buf), &len);
		if (NT_SUCCESS(status) && kv->Type == REG_DWORD && kv->DataLength == sizeof(ULONG)) {
			ULONG n = *(PULONG)kv->Data;
			if (n > 0 && n <= CC_LIMIT_ENTRIES) {
				g_MaxEntries = n;
			}
		}
		ZwClose(hParams);
	}
	ZwClose(hService);
}

static VOID CcFreeGlobals(VOID)
{
	if (g_Cache != NULL) {
		ExFreePoolWithTag(g_Cache, CC_TAG);
		g_Cache = NULL;
	}
	if (g_RegPath.Buffer != NULL) {
		ExFreePoolWithTag(g_RegPath.Buffer, CC_TAG);
		g_RegPath.Buffer = NULL;
	}
}

NTSTATUS CcCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	UNREFERENCED_PARAMETER(DeviceObject);

	Irp->IoStatus.Status = STATUS_SUCCESS;
	Irp->IoStatus.Information = 0;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return STATUS_SUCCESS;
}

NTSTATUS CcIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
	PCC_ENTRY req = (PCC_ENTRY)Irp->AssociatedIrp.SystemBuffer;
	NTSTATUS status = STATUS_SUCCESS;
	ULONG_PTR info = 0;
	ULONG slot, i;
	KIRQL irql;

	UNREFERENCED_PARAMETER(DeviceObject);

	switch (sp->Parameters.DeviceIoControl.IoControlCode) {
	case IOCTL_CC_PUT:
		if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(CC_ENTRY)) {
			status = STATUS_BUFFER_TOO_SMALL;
			break;
		}
		status = STATUS_INSUFFICIENT_RESOURCES;
		slot = req->Key % g_MaxEntries;
		KeAcquireSpinLock(&g_CacheLock, &irql);
		for (i = 0; i < g_MaxEntries; i++) {
			PCC_ENTRY e = &g_Cache[(slot + i) % g_MaxEntries];
			if (!e->InUse || e->Key == req->Key) {
				e->Key = req->Key;
				e->Value = req->Value;
				e->InUse = 1;
				status = STATUS_SUCCESS;
				break;
			}
		}
		KeReleaseSpinLock(&g_CacheLock, irql);
		break;

	case IOCTL_CC_GET:
		if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(CC_ENTRY) ||
		    sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(CC_ENTRY)) {
			status = STATUS_BUFFER_TOO_SMALL;
			break;
		}
		status = STATUS_NOT_FOUND;
		slot = req->Key % g_MaxEntries;
		KeAcquireSpinLock(&g_CacheLock, &irql);
		for (i = 0; i < g_MaxEntries; i++) {
			PCC_ENTRY e = &g_Cache[(slot + i) % g_MaxEntries];
			if (!e->InUse) {
				break;
			}
			if (e->Key == req->Key) {
				req->Value = e->Value;
				req->InUse = 1;
				info = sizeof(CC_ENTRY);
				status = STATUS_SUCCESS;
				break;
			}
		}
		KeReleaseSpinLock(&g_CacheLock, irql);
		break;

	case IOCTL_CC_CLEAR:
		KeAcquireSpinLock(&g_CacheLock, &irql);
		RtlZeroMemory(g_Cache, g_MaxEntries * sizeof(CC_ENTRY));
		KeReleaseSpinLock(&g_CacheLock, irql);
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

VOID CcUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);

	IoDeleteSymbolicLink(&g_LinkName);
	IoDeleteDevice(g_Device);
	CcFreeGlobals();

	KdPrint(("cfgcache: unloaded\n"));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status;

	KeInitializeSpinLock(&g_CacheLock);

	status = CcCopyRegistryPath(RegistryPath);
	if (!NT_SUCCESS(status)) {
		return status;
	}

	CcReadParameters();
	KdPrint(("cfgcache: %lu slots\n", g_MaxEntries));

	g_Cache = (PCC_ENTRY)ExAllocatePool2(POOL_FLAG_NON_PAGED, g_MaxEntries * sizeof(CC_ENTRY), CC_TAG);
	if (g_Cache == NULL) {
		CcFreeGlobals();
		return STATUS_INSUFFICIENT_RESOURCES;
	}

	status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
				FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
	if (!NT_SUCCESS(status)) {
		KdPrint(("cfgcache: IoCreateDevice failed 0x%08X\n", status));
		return status;
	}

	status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
	if (!NT_SUCCESS(status)) {
		KdPrint(("cfgcache: IoCreateSymbolicLink failed 0x%08X\n", status));
		IoDeleteDevice(g_Device);
		CcFreeGlobals();
		return status;
	}

	g_Device->Flags |= DO_BUFFERED_IO;
	g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

	DriverObject->MajorFunction[IRP_MJ_CREATE] = CcCreateClose;
	DriverObject->MajorFunction[IRP_MJ_CLOSE] = CcCreateClose;
	DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CcIoctl;
	DriverObject->DriverUnload = CcUnload;

	return STATUS_SUCCESS;
}
