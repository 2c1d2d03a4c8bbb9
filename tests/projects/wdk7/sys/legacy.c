#include <ntddk.h>
#include "Legacy.h"

static LEGACY_STATE State;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(RegistryPath);
	State.Tag = LEGACY_TAG;
	DriverObject->MajorFunction[IRP_MJ_CREATE] = LegacyDispatch;
	DriverObject->MajorFunction[IRP_MJ_CLOSE] = LegacyDispatch;
	return STATUS_SUCCESS;
}
