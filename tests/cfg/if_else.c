/* if, if/else and nested ifs over NTSTATUS and pointers. */
#include <ntddk.h>

static PVOID gBuffer;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status = STATUS_SUCCESS;

	if (RegistryPath == NULL)
		return STATUS_INVALID_PARAMETER;

	gBuffer = ExAllocatePoolWithTag(NonPagedPool, 128, 'fIcG');
	if (gBuffer) {
		RtlZeroMemory(gBuffer, 128);
	} else {
		status = STATUS_INSUFFICIENT_RESOURCES;
	}

	if (NT_SUCCESS(status)) {
		if (DriverObject->DriverExtension != NULL)
			DriverObject->DriverExtension->AddDevice = NULL;
	} else if (status == STATUS_INSUFFICIENT_RESOURCES) {
		KdPrint(("out of memory\n"));
	}
	return status;
}
