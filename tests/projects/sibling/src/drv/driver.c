/* Its project is in ..\..\proj\drv, not above it. */
#include <ntddk.h>
#include "Shared.h"

static SHARED_STATE State;

VOID SharedUnload(_In_ PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(RegistryPath);
	State.Count = 0;
	DriverObject->DriverUnload = SharedUnload;
	return STATUS_SUCCESS;
}
