/* __try/__finally: the __finally body runs on fall-through, __leave, return,
 * break, continue and goto out of the __try. */
#include <ntddk.h>

static KSPIN_LOCK gLock;

static NTSTATUS Locked(PDRIVER_OBJECT DriverObject, ULONG Count)
{
	KIRQL irql;
	ULONG i;

	for (i = 0; i < Count; i++) {
		KeAcquireSpinLock(&gLock, &irql);
		__try {
			if (i == 1)
				continue;
			if (i == 5)
				break;
			if (DriverObject->DriverUnload == NULL)
				goto Fail;
			DriverObject->Flags |= 1;
		} __finally {
			KeReleaseSpinLock(&gLock, irql);
		}
	}
	return STATUS_SUCCESS;
Fail:
	return STATUS_UNSUCCESSFUL;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status = STATUS_SUCCESS;
	PVOID buffer = NULL;

	UNREFERENCED_PARAMETER(RegistryPath);
	KeInitializeSpinLock(&gLock);
	__try {
		buffer = ExAllocatePoolWithTag(PagedPool, 32, 'lFcG');
		if (buffer == NULL) {
			status = STATUS_INSUFFICIENT_RESOURCES;
			__leave;
		}
		if (!NT_SUCCESS(Locked(DriverObject, 8)))
			return STATUS_UNSUCCESSFUL;
		status = STATUS_SUCCESS;
	} __finally {
		if (buffer != NULL)
			ExFreePoolWithTag(buffer, 'lFcG');
	}
	return status;
}
