/*
 * portpeek.c (conforming) - a driver that opens the serial port's device
 * with IoGetDeviceObjectPointer and keeps it to send it requests; the file
 * object the call referenced is dereferenced by the unload routine, which
 * lets the port's device be removed once the driver is gone.
 * Expected: nothing.
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
    ObDereferenceObject(PpPortFile);
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

    status = IoGetDeviceObjectPointer(&port, FILE_READ_DATA, &PpPortFile, &PpPort);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = PpUnload;
    return STATUS_SUCCESS;
}
