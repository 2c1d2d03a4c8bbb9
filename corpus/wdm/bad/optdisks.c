/*
 * optdisks.c - the virtual-disk driver of ../optdisks.c, violating: the
 * disks are mounted by one call for the whole list, which stops at the
 * first disk that fails (`break`), and the options are reloaded by a
 * helper whose loop stops at the first option it cannot read (its test).
 *
 * BUG (DE005 x2): each helper's status stands for the whole job, and both
 * are dropped: DriverEntry reports success with disks or options missing.
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
OdMountAll(_In_ PDRIVER_OBJECT DriverObject, _In_ HANDLE Key, _In_ ULONG Count)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG n;

    for (n = 0; n < Count; n++) {
        status = OdMountListed(DriverObject, Key, n);
        if (!NT_SUCCESS(status)) {
            break;
        }
    }
    return status;
}

static NTSTATUS
OdReloadOptions(_In_ HANDLE Key)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG value;
    ULONG i;

    for (i = 0; i < OD_OPTIONS && NT_SUCCESS(status); i++) {
        status = OdReadValue(Key, 100 + i, &value);
        if (NT_SUCCESS(status)) {
            OdOptionValue[i] = value;
        }
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

    OdReloadOptions(key);                               // expect: DE005

    if (NT_SUCCESS(OdReadValue(key, 0xFFFF, &count))) {
        OdMountAll(DriverObject, key, count);           // expect: DE005
    }

    ZwClose(key);
    return STATUS_SUCCESS;
}
