/*
 * exportlib.c - kernel-mode export driver (a DLL for other drivers): the
 * loader calls its DriverEntry, which only has to succeed; the work is in
 * the exported routines, and DllInitialize/DllUnload manage its lifetime.
 *
 * Conforming: DriverEntry creates nothing and registers nothing, so there is
 * nothing that an unload routine would have to undo (WDM003 must not report
 * the missing DriverUnload).
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

NTSTATUS
DriverEntry(                                            // expect-entry: other
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return STATUS_SUCCESS;
}

__declspec(dllexport)
ULONG
ExlChecksum(
    _In_reads_bytes_(Length) const UCHAR *Buffer,
    _In_ ULONG Length
    )
{
    ULONG sum = 0;
    for (ULONG i = 0; i < Length; i++) {
        sum = (sum << 1) ^ Buffer[i];
    }
    return sum;
}
