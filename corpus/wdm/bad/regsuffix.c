/*
 * regsuffix.c - the registry-path keeper of ../regsuffix.c, violating: the
 * copy kept for later reads goes into a fixed buffer whose MaximumLength is
 * the buffer's size, not the path's, and the Parameters path is sized from
 * the suffix alone.
 *
 * BUG (DE005): a registry path longer than the buffer makes
 * RtlUnicodeStringCopy fail (STATUS_BUFFER_OVERFLOW, the copy cut short),
 * and both statuses are dropped: the driver then reads another key.
 */

#include <ntddk.h>
#include <ntstrsafe.h>

#define RS_TAG 'xfSR'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RsUnload;

static UNICODE_STRING RsRegistryPath;
static WCHAR RsRegistryBuffer[64];

VOID
RsUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

static NTSTATUS
RsReadParameters(_In_ PCUNICODE_STRING RegistryPath)
{
    UNICODE_STRING suffix = RTL_CONSTANT_STRING(L"\\Parameters");
    UNICODE_STRING path;
    OBJECT_ATTRIBUTES attributes;
    HANDLE key;
    NTSTATUS status;

    path.Length = 0;
    path.MaximumLength = suffix.Length + 64 * sizeof(WCHAR);
    path.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, path.MaximumLength + sizeof(WCHAR), RS_TAG);
    if (path.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = RtlUnicodeStringCopy(&path, RegistryPath);   // expect: DE005
    NT_ASSERT(NT_SUCCESS(status));
    status = RtlUnicodeStringCat(&path, &suffix);
    NT_ASSERT(NT_SUCCESS(status));

    InitializeObjectAttributes(&attributes, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &attributes);
    ExFreePoolWithTag(path.Buffer, RS_TAG);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ZwClose(key);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    RsRegistryPath.Buffer = RsRegistryBuffer;
    RsRegistryPath.Length = 0;
    RsRegistryPath.MaximumLength = sizeof(RsRegistryBuffer);
    RtlUnicodeStringCopy(&RsRegistryPath, RegistryPath);  // expect: DE005

    status = RsReadParameters(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = RsUnload;
    return STATUS_SUCCESS;
}
