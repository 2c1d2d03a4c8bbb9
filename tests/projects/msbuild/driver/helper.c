#include <ntddk.h>
#include "Sample.h"

#ifndef HELPER_ONLY
#error "helper.c has a define of its own"
#endif

NTSTATUS SampleSetup(_In_ PDRIVER_OBJECT DriverObject, _Out_ PSAMPLE_CONTEXT Context)
{
	UNREFERENCED_PARAMETER(DriverObject);
	Context->Flags |= 1;
	return STATUS_SUCCESS;
}

VOID SampleUnload(_In_ PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
}
