/*
 * cfgkeep.c - legacy driver for a serial-attached environmental sensor hub.
 * Its settings live under the service key; a system worker thread re-reads
 * them when the hub reports a configuration change, long after DriverEntry.
 *
 * The service key is deep-copied: a helper allocates a buffer and copies
 * the characters (RtlCopyUnicodeString); a local UNICODE_STRING that starts
 * as a shallow copy gets its own buffer before it is kept; the diagnostics
 * copy takes only the characters (RtlCopyMemory from RegistryPath->Buffer).
 */

#include <ntddk.h>

#define SHUB_TAG 'buhS'

typedef struct _SHUB_SETTINGS {
    UNICODE_STRING ServiceKey;
    ULONG          PollMs;
} SHUB_SETTINGS, *PSHUB_SETTINGS;

static SHUB_SETTINGS   ShubSettings;
static UNICODE_STRING  ShubWorkerKey;
static PWCHAR          ShubDiagChars;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ShubUnload;

static NTSTATUS
ShubRememberKey(_Out_ PSHUB_SETTINGS Settings, _In_ PCUNICODE_STRING Key)
{
    Settings->ServiceKey.Buffer = ExAllocatePoolWithTag(PagedPool, Key->Length, SHUB_TAG);
    if (Settings->ServiceKey.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Settings->ServiceKey.Length = 0;
    Settings->ServiceKey.MaximumLength = Key->Length;
    RtlCopyUnicodeString(&Settings->ServiceKey, Key);
    Settings->PollMs = 500;
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING key;
    NTSTATUS status;

    status = ShubRememberKey(&ShubSettings, RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    key = *RegistryPath;
    key.Buffer = ExAllocatePoolWithTag(PagedPool, RegistryPath->Length, SHUB_TAG);
    if (key.Buffer == NULL) {
        ExFreePoolWithTag(ShubSettings.ServiceKey.Buffer, SHUB_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(key.Buffer, RegistryPath->Buffer, RegistryPath->Length);
    ShubWorkerKey = key;

    ShubDiagChars = ExAllocatePoolWithTag(PagedPool, RegistryPath->Length, SHUB_TAG);
    if (ShubDiagChars != NULL) {
        RtlCopyMemory(ShubDiagChars, RegistryPath->Buffer, RegistryPath->Length);
    }

    DriverObject->DriverUnload = ShubUnload;
    return STATUS_SUCCESS;
}

VOID
ShubUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (ShubDiagChars != NULL) {
        ExFreePoolWithTag(ShubDiagChars, SHUB_TAG);
    }
    ExFreePoolWithTag(ShubWorkerKey.Buffer, SHUB_TAG);
    ExFreePoolWithTag(ShubSettings.ServiceKey.Buffer, SHUB_TAG);
}
