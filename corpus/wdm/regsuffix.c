/*
 * regsuffix.c - legacy driver that keeps its registry path for later reads
 * and opens its Parameters key. Both copies of the path are made into a
 * UNICODE_STRING whose MaximumLength DriverEntry has just set from the
 * path's own length (the buffer sized with it): RtlUnicodeStringCopy cannot
 * fail there, and its status is not tested (DE005 must not report it).
 */

#include <ntddk.h>
#include <ntstrsafe.h>

#define RS_TAG 'xfSR'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RsUnload;

static UNICODE_STRING RsRegistryPath;
static WCHAR RsRegistryBuffer[256];

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
    path.MaximumLength = RegistryPath->Length + suffix.Length;
    path.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, path.MaximumLength + sizeof(WCHAR), RS_TAG);
    if (path.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = RtlUnicodeStringCopy(&path, RegistryPath);
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

    if (RegistryPath->MaximumLength > sizeof(RsRegistryBuffer)) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RsRegistryPath.Buffer = RsRegistryBuffer;
    RsRegistryPath.Length = 0;
    RsRegistryPath.MaximumLength = RegistryPath->MaximumLength;
    RtlUnicodeStringCopy(&RsRegistryPath, RegistryPath);

    status = RsReadParameters(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = RsUnload;
    return STATUS_SUCCESS;
}
