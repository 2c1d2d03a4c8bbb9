/*
 * namecopy.c (conforming) - a driver that keeps the name of its default
 * target in a fixed buffer through a helper; the helper drops the status of
 * RtlStringCchCopyW, which cannot fail here: the one call gives it a literal
 * of 10 characters for a 32-character buffer.
 * Expected: nothing.
 */

#include <ntddk.h>
#include <ntstrsafe.h>

#define NC_MAX_NAME 32

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NcUnload;

static WCHAR NcTarget[NC_MAX_NAME];

static VOID
NcSetTarget(_In_ PCWSTR Name)
{
    RtlStringCchCopyW(NcTarget, NC_MAX_NAME, Name);
}

VOID
NcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NcSetTarget(L"notepad.ex");

    DriverObject->DriverUnload = NcUnload;
    return STATUS_SUCCESS;
}
