/*
 * bad/foldlist.c - as foldlist.c, but the cleanup loop starts at 1 (a
 * leftover from a list whose slot 0 was a built-in name), so the first
 * folder's name is never freed when IoCreateDevice fails (DE006).
 */

#include <ntddk.h>

#define VL_TAG 'kLlV'
#define VL_MAX_FOLDERS 4

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VlUnload;

typedef struct _VL_GLOBALS {
    PDEVICE_OBJECT Device;
    ULONG FolderCount;
    UNICODE_STRING Folders[VL_MAX_FOLDERS];
} VL_GLOBALS;

static VL_GLOBALS Globals;

static NTSTATUS VlAddFolder(PCWSTR Path)
{
    UNICODE_STRING src;
    PUNICODE_STRING dst;

    if (Globals.FolderCount >= VL_MAX_FOLDERS)
        return STATUS_QUOTA_EXCEEDED;
    RtlInitUnicodeString(&src, Path);
    dst = &Globals.Folders[Globals.FolderCount];
    dst->Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, src.Length, VL_TAG);
    if (dst->Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    dst->Length = 0;
    dst->MaximumLength = src.Length;
    RtlCopyUnicodeString(dst, &src);
    Globals.FolderCount++;
    return STATUS_SUCCESS;
}

static VOID VlFreeFolders(VOID)
{
    ULONG i;

    for (i = 1; i < Globals.FolderCount; i++) {
        ExFreePoolWithTag(Globals.Folders[i].Buffer, VL_TAG);
        Globals.Folders[i].Buffer = NULL;
    }
    Globals.FolderCount = 0;
}

VOID VlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(Globals.Device);
    VlFreeFolders();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = VlAddFolder(L"\\Device\\HarddiskVolume2\\Vault\\");
    if (!NT_SUCCESS(status))
        goto fail;
    status = VlAddFolder(L"\\Device\\HarddiskVolume2\\Keys\\");
    if (!NT_SUCCESS(status))
        goto fail;

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &Globals.Device);
    if (!NT_SUCCESS(status))
        goto fail;

    DriverObject->DriverUnload = VlUnload;
    return STATUS_SUCCESS;

fail:
    VlFreeFolders();
    return status; // expect: DE006
}
