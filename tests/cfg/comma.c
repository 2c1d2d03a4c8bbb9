/* The comma operator, left to right, in statements, for headers and
 * conditions. */
#include <ntddk.h>

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status;
	ULONG i, j;
	PVOID p;

	UNREFERENCED_PARAMETER(RegistryPath);
	i = 0, j = 10;
	for (i = 0, j = 10; i < j; i++, j--)
		DriverObject->Flags += i;
	if (p = ExAllocatePoolWithTag(NonPagedPool, 8, 'mCcG'), p != NULL)
		ExFreePoolWithTag(p, 'mCcG');
	status = (KeQueryActiveProcessorCount(NULL), STATUS_SUCCESS);
	return status;
}
