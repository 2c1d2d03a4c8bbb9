/*
 * pathbuf.c (conforming) - a driver that keeps its parameters key's path in
 * a global string whose buffer it allocates and hands to the string with
 * RtlInitEmptyUnicodeString; its teardown, shared by the failure paths and
 * the unload routine, frees the buffer when the string has one.
 * Expected: nothing.
 */

#include <ntddk.h>

#define PB_TAG 'htPB'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PbUnload;

static UNICODE_STRING PbParamsPath;
static PDEVICE_OBJECT PbDevice;

static VOID
PbTeardown(VOID)
{
    if (PbDevice != NULL) {
        IoDeleteDevice(PbDevice);
        PbDevice = NULL;
    }
    if (PbParamsPath.Buffer != NULL) {
        ExFreePoolWithTag(PbParamsPath.Buffer, PB_TAG);
        RtlInitEmptyUnicodeString(&PbParamsPath, NULL, 0);
    }
}

VOID
PbUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PbTeardown();
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    USHORT size = RegistryPath->Length + sizeof(WCHAR);
    PWCH buffer;

    buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, size, PB_TAG);
    if (buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlInitEmptyUnicodeString(&PbParamsPath, buffer, size);
    RtlCopyUnicodeString(&PbParamsPath, RegistryPath);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &PbDevice);
    if (!NT_SUCCESS(status)) {
        PbTeardown();
        return status;
    }
    status = IoRegisterShutdownNotification(PbDevice);
    if (!NT_SUCCESS(status)) {
        PbTeardown();
        return status;
    }

    DriverObject->DriverUnload = PbUnload;
    return STATUS_SUCCESS;
}
