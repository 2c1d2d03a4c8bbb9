/*
 * cfgprobe.c - legacy driver that sizes its "Channels" parameter with a
 * first ZwQueryValueKey call and reads it with a second.
 *
 * Conforming: the sizing status is examined by a compound comparison
 * (STATUS_BUFFER_TOO_SMALL is the expected answer, any other failure is
 * returned), and the open status by a switch.
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
    switch (status) {
    case STATUS_SUCCESS:
        break;
    case STATUS_OBJECT_NAME_NOT_FOUND:
        CpChannels = 1;
        return STATUS_SUCCESS;
    default:
        return status;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                             NULL, 0, &length);
    if (status != STATUS_BUFFER_TOO_SMALL && !NT_SUCCESS(status)) {
        ZwClose(key);
        return status;
    }

    CpChannels = length > 16 ? 2 : 1;
    ZwClose(key);
    return STATUS_SUCCESS;
}
