/*
 * cfgprobe.c - legacy driver that sizes its "Channels" parameter with a
 * first ZwQueryValueKey call.
 *
 * BUG (DE005): the sizing status is overwritten by ZwClose before it is
 * examined; the comparison tests the length, not the status, so a missing
 * value (STATUS_OBJECT_NAME_NOT_FOUND) passes as a one-channel device.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

static ULONG CpChannels;

NTSTATUS
DriverEntry(                                            // expect-entry: other
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    OBJECT_ATTRIBUTES attributes;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"Channels");
    HANDLE key;
    ULONG length = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);

    InitializeObjectAttributes(&attributes, RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &attributes);
    if (status != STATUS_SUCCESS && !NT_SUCCESS(status)) {
        return status;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,   // expect: DE005
                             NULL, 0, &length);
    if (length != 0 && length > 16) {
        CpChannels = 2;
    } else {
        CpChannels = 1;
    }
    status = ZwClose(key);
    return status;
}
