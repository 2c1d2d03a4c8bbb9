/* && || ?: and ! in conditions: one branch block per leaf. Outside a
 * condition they are one expression. */
#include <ntddk.h>

static NTSTATUS Step(ULONG n)
{
	return n ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS a = Step(1), b = Step(2);
	BOOLEAN both;

	if (NT_SUCCESS(a) && NT_SUCCESS(b))
		DriverObject->Flags |= 1;
	if (!NT_SUCCESS(a) || b < 0)
		return a;
	if (RegistryPath == NULL || !(RegistryPath->Buffer != NULL && RegistryPath->Length > 0))
		return STATUS_INVALID_PARAMETER;
	if (a == STATUS_SUCCESS ? NT_SUCCESS(Step(3)) : STATUS_SUCCESS != b)
		DriverObject->Flags |= 2;
	if (!DriverObject->DriverUnload)
		DriverObject->Flags |= 4;
	both = NT_SUCCESS(a) && NT_SUCCESS(Step(4));
	return both ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
