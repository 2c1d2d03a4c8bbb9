/*
 * constkey.c - a driver that keeps a copy of its service key's path for
 * later, in pool, and reads its settings through it at load: the path is
 * handed as a PCUNICODE_STRING to a helper that hands it on, through an
 * OBJECT_ATTRIBUTES, to ZwOpenKey. When the device cannot be created,
 * DriverEntry returns without freeing the copy.
 */

#include <ntddk.h>

#define CK_TAG 'yeKC'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CkUnload;

static UNICODE_STRING CkServiceKey;
static PDEVICE_OBJECT CkDevice;
static ULONG CkVerbose;

static NTSTATUS
CkCopyServiceKey(_In_ PCUNICODE_STRING Source)
{
    CkServiceKey.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, Source->Length, CK_TAG);
    if (CkServiceKey.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(CkServiceKey.Buffer, Source->Buffer, Source->Length);
    CkServiceKey.Length = CkServiceKey.MaximumLength = Source->Length;
    return STATUS_SUCCESS;
}

static VOID
CkFreeServiceKey(VOID)
{
    if (CkServiceKey.Buffer != NULL) {
        ExFreePoolWithTag(CkServiceKey.Buffer, CK_TAG);
        CkServiceKey.Buffer = NULL;
    }
}

static NTSTATUS
CkOpenKey(_In_ PCUNICODE_STRING Path, _Out_ PHANDLE Key)
{
    OBJECT_ATTRIBUTES attributes;

    InitializeObjectAttributes(&attributes, (PUNICODE_STRING)Path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    return ZwOpenKey(Key, KEY_READ, &attributes);
}

static NTSTATUS
CkReadSettings(_In_ PCUNICODE_STRING Path)
{
    HANDLE key;
    NTSTATUS status = CkOpenKey(Path, &key);

    if (NT_SUCCESS(status)) {
        CkVerbose = 1;
        ZwClose(key);
    }
    return status;
}

VOID
CkUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(CkDevice);
    CkFreeServiceKey();
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    status = CkCopyServiceKey(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = CkReadSettings(&CkServiceKey);
    if (!NT_SUCCESS(status)) {
        CkFreeServiceKey();
        return status;
    }
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &CkDevice);
    if (!NT_SUCCESS(status)) {
        return status;                                  // expect: DE006
    }
    DriverObject->DriverUnload = CkUnload;
    return STATUS_SUCCESS;
}
