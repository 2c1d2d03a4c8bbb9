/*
 * portpeek.c (violating) - the twin of ../portpeek.c whose unload routine
 * forgets the file object IoGetDeviceObjectPointer referenced: the port's
 * device stays referenced after the driver is gone and can never be removed.
 * Expected: DE011.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PpUnload;

static PFILE_OBJECT PpPortFile;
static PDEVICE_OBJECT PpPort;

VOID
PpUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PpPort = NULL;
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING port = RTL_CONSTANT_STRING(L"\\Device\\Serial0");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoGetDeviceObjectPointer(&port, FILE_READ_DATA, &PpPortFile, &PpPort); // expect: DE011
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = PpUnload;
    return STATUS_SUCCESS;
}
