/*
 * kbdattach.c - a legacy keyboard filter that attaches to the keyboard class
 * device in DriverEntry (no AddDevice: it filters one named device). When
 * the attach finds no stack, it deletes its device... and returns the status
 * left from IoCreateDevice, a success: loaded with nothing to run (DE010).
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KaUnload;
DRIVER_DISPATCH KaPass;

static PDEVICE_OBJECT KaLower;
static PDEVICE_OBJECT KaFilter;

NTSTATUS
KaPass(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(KaLower, Irp);
}

VOID
KaUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDetachDevice(KaLower);
    IoDeleteDevice(KaFilter);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(L"\\Device\\KeyboardClass0");
    PFILE_OBJECT fileObject;
    PDEVICE_OBJECT targetDevice;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);
    status = IoGetDeviceObjectPointer(&target, FILE_READ_DATA, &fileObject, &targetDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_KEYBOARD, 0, FALSE, &KaFilter);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(fileObject);
        return status;
    }
    /* On top of the stack it receives every request sent to it: passes each one down. */
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KaPass;
    }
    KaLower = IoAttachDeviceToDeviceStack(KaFilter, targetDevice);
    ObDereferenceObject(fileObject);
    if (KaLower == NULL) {
        IoDeleteDevice(KaFilter);
        return status;                                  // expect: DE010
    }
    KaFilter->Flags |= DO_BUFFERED_IO;
    KaFilter->Flags &= ~DO_DEVICE_INITIALIZING;
    DriverObject->DriverUnload = KaUnload;
    return STATUS_SUCCESS;
}
