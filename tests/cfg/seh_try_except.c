/* __try/__except around probing a user buffer; a nested __try. */
#include <ntddk.h>

static NTSTATUS CopyFromUser(PVOID Destination, PVOID Source, SIZE_T Length)
{
	NTSTATUS status = STATUS_SUCCESS;

	__try {
		ProbeForRead(Source, Length, sizeof(UCHAR));
		if (Length > 64)
			__leave;
		RtlCopyMemory(Destination, Source, Length);
	} __except (EXCEPTION_EXECUTE_HANDLER) {
		status = GetExceptionCode();
	}
	return status;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UCHAR buffer[64];
	NTSTATUS status;

	UNREFERENCED_PARAMETER(DriverObject);
	__try {
		status = CopyFromUser(buffer, RegistryPath->Buffer, RegistryPath->Length);
		__try {
			KeBugCheckEx(0, 0, 0, 0, 0);
		} __except (EXCEPTION_CONTINUE_SEARCH) {
			status = STATUS_UNSUCCESSFUL;
		}
	} __except (EXCEPTION_EXECUTE_HANDLER) {
		return STATUS_ACCESS_VIOLATION;
	}
	return status;
}
