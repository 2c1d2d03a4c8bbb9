/* while, do-while and for loops with break and continue. */
#include <ntddk.h>

static ULONG CountBits(ULONG value)
{
	ULONG count = 0;

	while (value != 0) {
		if ((value & 1) == 0) {
			value >>= 1;
			continue;
		}
		count++;
		value >>= 1;
	}
	return count;
}

static NTSTATUS WaitReady(PULONG Register)
{
	ULONG tries = 0;

	do {
		if (READ_REGISTER_ULONG(Register) & 0x80)
			break;
		KeStallExecutionProcessor(10);
	} while (++tries < 100);
	return tries < 100 ? STATUS_SUCCESS : STATUS_IO_TIMEOUT;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	ULONG i;

	UNREFERENCED_PARAMETER(RegistryPath);
	for (i = 0; i < 4; i++) {
		if (i == 2)
			continue;
		if (CountBits(i) > 1)
			break;
		DriverObject->Flags |= i;
	}
	for (;;) {
		if (WaitReady(NULL) == STATUS_SUCCESS)
			break;
	}
	while (TRUE)
		return STATUS_SUCCESS;
}
