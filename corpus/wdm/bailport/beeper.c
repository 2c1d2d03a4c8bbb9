/*
 * beeper.c - a legacy driver for a tone generator on a fixed I/O port.
 * Every step is checked with BEEP_BAIL_IF, whose condition is written as
 * the macro's argument (`!NT_SUCCESS(status)`); the one exit label undoes
 * what the extension says was done, under a test of the extension pointer.
 */

#include <ntddk.h>

#define BEEP_TAG 'peeB'
#define BEEP_NT_NAME L"\\Device\\Beeper0"
#define BEEP_DOS_NAME L"\\DosDevices\\Beeper0"
#define BEEP_BASE ((ULONG_PTR)0x42)

#define BEEP_BAIL_IF(_cond_, _st_, _label_, _msg_)          \
    if (_cond_) {                                           \
        status = (_st_);                                    \
        DbgPrint("beeper: %s -> %08lx\n", _msg_, status);   \
        goto _label_;                                       \
    }

typedef struct _BEEP_EXTENSION {
    PDEVICE_OBJECT Self;
    PUCHAR Port;
    PUCHAR Pattern;
    UNICODE_STRING DosName;
    BOOLEAN LinkCreated;
} BEEP_EXTENSION, *PBEEP_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BeepUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH BeepCreateClose;

static PDEVICE_OBJECT g_Device;

NTSTATUS
BeepCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
BeepUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PBEEP_EXTENSION ext = (PBEEP_EXTENSION)g_Device->DeviceExtension;

    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&ext->DosName);
    ExFreePoolWithTag(ext->Pattern, BEEP_TAG);
    IoDeleteDevice(g_Device);
}

NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT device = NULL;
    PBEEP_EXTENSION ext = NULL;
    UNICODE_STRING ntName;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlInitUnicodeString(&ntName, BEEP_NT_NAME);
    status = IoCreateDevice(DriverObject, sizeof(BEEP_EXTENSION), &ntName, FILE_DEVICE_BEEP,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    BEEP_BAIL_IF(!NT_SUCCESS(status), status, Exit, "IoCreateDevice");

    ext = (PBEEP_EXTENSION)device->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = device;
    ext->Port = (PUCHAR)BEEP_BASE;
    RtlInitUnicodeString(&ext->DosName, BEEP_DOS_NAME);

    ext->Pattern = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, PAGE_SIZE, BEEP_TAG);
    BEEP_BAIL_IF(NULL == ext->Pattern, STATUS_INSUFFICIENT_RESOURCES, Exit, "pattern");

    status = IoCreateSymbolicLink(&ext->DosName, &ntName);
    BEEP_BAIL_IF(!NT_SUCCESS(status), status, Exit, "IoCreateSymbolicLink");
    ext->LinkCreated = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BeepCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BeepCreateClose;
    DriverObject->DriverUnload = BeepUnload;
    g_Device = device;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

Exit:
    if (NULL != ext) {
        if (ext->LinkCreated) {
            IoDeleteSymbolicLink(&ext->DosName);
        }
        if (NULL != ext->Pattern) {
            ExFreePoolWithTag(ext->Pattern, BEEP_TAG);
        }
    }
    if (NULL != device) {
        IoDeleteDevice(device);
    }
    return status;
}
