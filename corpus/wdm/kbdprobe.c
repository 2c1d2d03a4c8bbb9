/*
 * kbdprobe.c - "keyecho": a keyboard filter whose helper attaches to each
 * keyboard class device until a name is not found, counting what it
 * attached through an out parameter, and answers
 * `return (*Attached != 0) ? STATUS_SUCCESS : STATUS_NO_SUCH_DEVICE;`.
 * The test reads the count the helper stored through its parameter: when
 * the first keyboard is missing, its device is deleted and the helper
 * fails, so DriverEntry fails too (a false DE013 and DE006 before: the test
 * of `*Attached` in parentheses was a test of nothing known).
 */

#include <ntddk.h>
#include <ntstrsafe.h>

#define KE_MAX_KEYBOARDS 4

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KeUnload;
DRIVER_DISPATCH KePass;

typedef struct _KE_EXT {
    PDEVICE_OBJECT Lower;
} KE_EXT, *PKE_EXT;

NTSTATUS KePass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKE_EXT ext = DeviceObject->DeviceExtension;
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

static VOID KeDetachAll(PDRIVER_OBJECT DriverObject)
{
    while (DriverObject->DeviceObject != NULL) {
        PDEVICE_OBJECT dev = DriverObject->DeviceObject;
        PKE_EXT ext = dev->DeviceExtension;
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(dev);
    }
}

static NTSTATUS KeAttachAll(PDRIVER_OBJECT DriverObject, PULONG Attached)
{
    ULONG i;

    *Attached = 0;
    for (i = 0; i < KE_MAX_KEYBOARDS; i++) {
        WCHAR buffer[40];
        UNICODE_STRING target;
        PDEVICE_OBJECT filter = NULL;
        PKE_EXT ext;
        NTSTATUS status;

        RtlStringCchPrintfW(buffer, RTL_NUMBER_OF(buffer), L"\\Device\\KeyboardClass%lu", i);
        RtlInitUnicodeString(&target, buffer);
        status = IoCreateDevice(DriverObject, sizeof(KE_EXT), NULL, FILE_DEVICE_KEYBOARD, 0, FALSE, &filter);
        if (!NT_SUCCESS(status)) {
            KeDetachAll(DriverObject);
            *Attached = 0;
            return status;
        }
        ext = filter->DeviceExtension;
        status = IoAttachDevice(filter, &target, &ext->Lower);
        if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
            IoDeleteDevice(filter);
            break;
        }
        if (!NT_SUCCESS(status)) {
            IoDeleteDevice(filter);
            KeDetachAll(DriverObject);
            *Attached = 0;
            return status;
        }
        filter->Flags |= DO_BUFFERED_IO;
        filter->Flags &= ~DO_DEVICE_INITIALIZING;
        ++*Attached;
    }
    return (*Attached != 0) ? STATUS_SUCCESS : STATUS_NO_SUCH_DEVICE;
}

VOID KeUnload(PDRIVER_OBJECT DriverObject)
{
    KeDetachAll(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    ULONG attached = 0;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KePass;
    }
    status = KeAttachAll(DriverObject, &attached);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->DriverUnload = KeUnload;
    KdPrint(("keyecho: %lu keyboard(s)\n", attached));
    return STATUS_SUCCESS;
}
