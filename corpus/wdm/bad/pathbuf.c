/*
 * pathbuf.c (violating) - the twin of ../pathbuf.c whose teardown only
 * empties the string: the buffer RtlInitEmptyUnicodeString handed it is
 * never freed, on the failure paths or at unload.
 * Expected: DE006 (one finding for both failure returns), DE011 at the
 * allocation.
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

    buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, size, PB_TAG); // expect: DE011
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
        return status;                                  // expect: DE006
    }

    DriverObject->DriverUnload = PbUnload;
    return STATUS_SUCCESS;
}
