/* An else-if chain choosing a value, and an if whose branches all return. */
#include <ntddk.h>

static ULONG PickMode(ULONG flags)
{
	ULONG mode;

	if (flags & 1)
		mode = 1;
	else if (flags & 2)
		mode = 2;
	else if (flags == 4)
		mode = 4;
	else
		mode = 0;
	return mode;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	ULONG mode = PickMode(RegistryPath->Length);

	UNREFERENCED_PARAMETER(DriverObject);
	if (mode == 0) {
		return STATUS_NOT_SUPPORTED;
	} else if (mode == 1) {
		return STATUS_SUCCESS;
	} else {
		return STATUS_UNSUCCESSFUL;
	}
	mode = 5; /* unreachable */
}
