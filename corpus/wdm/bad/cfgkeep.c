/*
 * cfgkeep.c - legacy driver for a serial-attached environmental sensor hub.
 * Its settings live under the service key; a system worker thread re-reads
 * them when the hub reports a configuration change, long after DriverEntry.
 *
 * BUG (DE004 x4): every way this driver keeps the service key keeps the
 * caller's string, not a copy of it:
 *  - a helper saves `*RegistryPath` (the structure, whose Buffer is the
 *    I/O manager's) in the settings block;
 *  - the fallback key is made with RtlInitUnicodeString over
 *    RegistryPath->Buffer;
 *  - the diagnostics copy is taken with RtlCopyMemory of the UNICODE_STRING;
 *  - the key used by the worker thread goes through a local first.
 * All four dangle once DriverEntry returns.
 */

#include <ntddk.h>

#define SHUB_TAG 'buhS'

typedef struct _SHUB_SETTINGS {
    UNICODE_STRING ServiceKey;
    ULONG          PollMs;
} SHUB_SETTINGS, *PSHUB_SETTINGS;

static SHUB_SETTINGS   ShubSettings;
static UNICODE_STRING  ShubFallbackKey;
static UNICODE_STRING  ShubDiagKey;
static UNICODE_STRING  ShubWorkerKey;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ShubUnload;

static VOID
ShubRememberKey(_Out_ PSHUB_SETTINGS Settings, _In_ PUNICODE_STRING Key)
{
    Settings->ServiceKey = *Key;                          // expect: DE004
    Settings->PollMs = 500;
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING key;

    DriverObject->DriverUnload = ShubUnload;

    ShubRememberKey(&ShubSettings, RegistryPath);

    RtlInitUnicodeString(&ShubFallbackKey, RegistryPath->Buffer);            // expect: DE004

    RtlCopyMemory(&ShubDiagKey, RegistryPath, sizeof(ShubDiagKey));         // expect: DE004

    key = *RegistryPath;
    key.MaximumLength = key.Length;
    ShubWorkerKey = key;                                  // expect: DE004

    return STATUS_SUCCESS;
}

VOID
ShubUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}
