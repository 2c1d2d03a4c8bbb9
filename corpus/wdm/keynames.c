/*
 * keynames.c - legacy driver that, at load, walks its service key's
 * subkeys, collects the names of those that look like volume GUIDs in a list
 * local to the helper, marks each volume unmounted, and empties the list
 * again before it returns. Each entry and its name buffer belong to the
 * local list, which the helper's own drain loop frees (a loop whose exit
 * entrycheck cannot tie to the list being empty): nothing leaks when a
 * later step of DriverEntry fails. Conforming.
 */

#include <ntddk.h>

#define KN_TAG 'mNyK'

typedef struct _KN_ENTRY {
    LIST_ENTRY     Link;
    UNICODE_STRING Name;
} KN_ENTRY, *PKN_ENTRY;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KnUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH KnCreateClose;

static PDEVICE_OBJECT KnDevice;

static VOID
KnMarkUnmounted(_In_ PUNICODE_STRING RegistryPath)
{
    UCHAR buffer[sizeof(KEY_BASIC_INFORMATION) + 128 * sizeof(WCHAR)];
    PKEY_BASIC_INFORMATION info = (PKEY_BASIC_INFORMATION)buffer;
    OBJECT_ATTRIBUTES attributes;
    LIST_ENTRY names;
    ULONG index, length;
    HANDLE key;

    InitializeListHead(&names);
    InitializeObjectAttributes(&attributes, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &attributes))) {
        return;
    }
    for (index = 0; NT_SUCCESS(ZwEnumerateKey(key, index, KeyBasicInformation, info, sizeof(buffer), &length));
         index++) {
        PKN_ENTRY entry = (PKN_ENTRY)ExAllocatePoolWithTag(PagedPool, sizeof(KN_ENTRY), KN_TAG);
        if (entry == NULL) {
            break;
        }
        entry->Name.Length = entry->Name.MaximumLength = (USHORT)info->NameLength;
        entry->Name.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, info->NameLength, KN_TAG);
        if (entry->Name.Buffer == NULL) {
            ExFreePoolWithTag(entry, KN_TAG);
            break;
        }
        RtlCopyMemory(entry->Name.Buffer, info->Name, info->NameLength);
        InsertTailList(&names, &entry->Link);
    }
    ZwClose(key);

    while (!IsListEmpty(&names)) {
        PKN_ENTRY entry = CONTAINING_RECORD(RemoveHeadList(&names), KN_ENTRY, Link);
        ExFreePoolWithTag(entry->Name.Buffer, KN_TAG);
        ExFreePoolWithTag(entry, KN_TAG);
    }
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\KeyNames");
    NTSTATUS status;

    KnMarkUnmounted(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &KnDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = KnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KnCreateClose;
    DriverObject->DriverUnload = KnUnload;
    return STATUS_SUCCESS;
}

NTSTATUS
KnCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
KnUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(KnDevice);
}
