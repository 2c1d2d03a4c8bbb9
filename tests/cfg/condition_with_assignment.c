/* Conditions that assign and call: the call and the assignment happen in
 * the condition's block, before the branch. */
#include <fltKernel.h>

static PFLT_FILTER gFilter;
static const FLT_REGISTRATION gRegistration = { sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION };

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status;
	PVOID buffer;

	UNREFERENCED_PARAMETER(RegistryPath);
	if (!NT_SUCCESS(status = FltRegisterFilter(DriverObject, &gRegistration, &gFilter)))
		return status;
	if ((buffer = ExAllocatePoolWithTag(NonPagedPool, 16, 'aCcG')) == NULL) {
		FltUnregisterFilter(gFilter);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	ExFreePoolWithTag(buffer, 'aCcG');
	if (NT_SUCCESS(FltStartFiltering(gFilter)))
		return STATUS_SUCCESS;
	FltUnregisterFilter(gFilter);
	return STATUS_UNSUCCESSFUL;
}
