/* Calls of a counted loop on element [i] of an array, or its address, are
 * marked with the elements they reach: `every` when each iteration reaches
 * the call (no jump leaves the body, and only a test that the element is not
 * NULL guards it); a loop over a bound that is not constant marks nothing. */
#include <ntddk.h>

#define SLOTS 4

static PDEVICE_OBJECT g_Slots[SLOTS];

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status = STATUS_SUCCESS;
	ULONG i, made = 0;

	UNREFERENCED_PARAMETER(RegistryPath);
	for (i = 0; i < SLOTS; i++) {
		status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_Slots[i]);
		if (!NT_SUCCESS(status))
			break;
		made++;
	}
	if (NT_SUCCESS(status))
		return status;
	for (i = 0; i < SLOTS; i++)
		if (g_Slots[i] != NULL)
			IoDeleteDevice(g_Slots[i]);
	for (i = 0; i < SLOTS; i++) {
		if (g_Slots[i] == NULL)
			break;
		IoDeleteDevice(g_Slots[i]);
	}
	for (i = 0; i < made; i++)
		IoDeleteDevice(g_Slots[i]);
	return status;
}
