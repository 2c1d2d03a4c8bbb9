/* The classic driver error path: acquire in order, release in reverse
 * order through a ladder of labels. */
#include <ntddk.h>

#define POOL_TAG 'lcfG'

typedef struct _LADDER_CONTEXT {
	PVOID Buffer;
	PDEVICE_OBJECT Device;
} LADDER_CONTEXT, *PLADDER_CONTEXT;

static LADDER_CONTEXT gContext;

DRIVER_UNLOAD LadderUnload;

VOID LadderUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
}

static NTSTATUS TryOnce(PDEVICE_OBJECT Device)
{
	return Device->Flags & DO_DEVICE_INITIALIZING ? STATUS_DEVICE_NOT_READY : STATUS_SUCCESS;
}

/* A backward goto: retry a few times. */
static NTSTATUS Retry(PDEVICE_OBJECT Device)
{
	ULONG attempts = 0;
	NTSTATUS status;

Again:
	status = TryOnce(Device);
	if (status == STATUS_DEVICE_NOT_READY && ++attempts < 3)
		goto Again;
	return status;
	status = STATUS_SUCCESS; /* unreachable */
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status;
	UNICODE_STRING name;
	PDEVICE_OBJECT device = NULL;

	UNREFERENCED_PARAMETER(RegistryPath);

	gContext.Buffer = ExAllocatePoolWithTag(NonPagedPool, 64, POOL_TAG);
	if (gContext.Buffer == NULL) {
		status = STATUS_INSUFFICIENT_RESOURCES;
		goto Exit;
	}

	RtlInitUnicodeString(&name, L"\\Device\\Ladder");
	status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
	if (!NT_SUCCESS(status)) {
		goto FreeBuffer;
	}
	gContext.Device = device;
	status = Retry(device);

	DriverObject->DriverUnload = LadderUnload;
	return STATUS_SUCCESS;

FreeBuffer:
	ExFreePoolWithTag(gContext.Buffer, POOL_TAG);
	gContext.Buffer = NULL;
Exit:
	return status;
}
