/*
 * optdisks.c - legacy virtual-disk driver: after its control device is up,
 * DriverEntry mounts the disks the registry lists, one call per listed
 * disk, and reloads its persisted options. Both are best effort by design:
 * a disk whose image is missing is logged and skipped, and an option that
 * cannot be read keeps its default. The mount helper's status is dropped
 * once per item of the loop, and the options helper returns only the last
 * option's status, which stands for no option but that one. No DE005.
 */

#include <ntddk.h>

#define OD_TAG 'ksDO'
#define OD_OPTIONS 3

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD OdUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH OdCreateClose;

static PDEVICE_OBJECT OdControl;
static ULONG OdOptionValue[OD_OPTIONS];
static UNICODE_STRING OdControlName = RTL_CONSTANT_STRING(L"\\Device\\OptDiskCtl");

static NTSTATUS
OdReadValue(_In_ HANDLE Key, _In_ ULONG Index, _Out_ PULONG Value)
{
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    UNICODE_STRING name;
    WCHAR text[16];
    ULONG length;
    NTSTATUS status;

    *Value = 0;
    RtlInitEmptyUnicodeString(&name, text, sizeof(text));
    status = RtlIntegerToUnicodeString(Index, 10, &name);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwQueryValueKey(Key, &name, KeyValuePartialInformation, info, sizeof(buffer), &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *Value = *(PULONG)info->Data;
    return STATUS_SUCCESS;
}

static NTSTATUS
OdMountListed(_In_ PDRIVER_OBJECT DriverObject, _In_ HANDLE Key, _In_ ULONG Number)
{
    PDEVICE_OBJECT disk;
    ULONG size;
    NTSTATUS status;

    status = OdReadValue(Key, Number, &size);
    if (!NT_SUCCESS(status)) {
        KdPrint(("OptDisk: disk %lu not listed (0x%x)\n", Number, status));
        return status;
    }
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_DISK, FILE_DEVICE_SECURE_OPEN, FALSE, &disk);
    if (!NT_SUCCESS(status)) {
        KdPrint(("OptDisk: disk %lu not created (0x%x)\n", Number, status));
        return status;
    }
    disk->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static NTSTATUS
OdReloadOptions(_In_ HANDLE Key)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG value;
    ULONG i;

    for (i = 0; i < OD_OPTIONS; i++) {
        status = OdReadValue(Key, 100 + i, &value);
        if (!NT_SUCCESS(status)) {
            KdPrint(("OptDisk: option %lu keeps its default (0x%x)\n", i, status));
            continue;
        }
        OdOptionValue[i] = value;
    }
    return status;
}

NTSTATUS
OdCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
OdUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    while (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    OBJECT_ATTRIBUTES attributes;
    HANDLE key;
    ULONG count;
    ULONG n;
    NTSTATUS status;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = OdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = OdCreateClose;
    status = IoCreateDevice(DriverObject, 0, &OdControlName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &OdControl);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->DriverUnload = OdUnload;

    InitializeObjectAttributes(&attributes, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &attributes);
    if (!NT_SUCCESS(status)) {
        return STATUS_SUCCESS;                          /* nothing listed, nothing to load */
    }

    OdReloadOptions(key);

    if (NT_SUCCESS(OdReadValue(key, 0xFFFF, &count))) {
        for (n = 0; n < count; n++)
            OdMountListed(DriverObject, key, n);
    }

    ZwClose(key);
    return STATUS_SUCCESS;
}
