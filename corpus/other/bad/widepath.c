/*
 * widepath.c - diagnostics driver whose author took the registry path for
 * a plain wide string: the second parameter is declared PCWSTR instead of
 * PUNICODE_STRING, so it prints the counted string as if it were a
 * NUL-terminated one.
 */

#include <ntddk.h>


NTSTATUS
DriverEntry(                                                    // expect-entry: other; expect: DE001, DE002
    PDRIVER_OBJECT DriverObject,
    PCWSTR RegistryPath
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    KdPrint(("widepath: loaded from %ws\n", RegistryPath));
    return STATUS_SUCCESS;
}
