/*
 * attach.c - find the file system volume device for a drive letter and
 * stack a filter device on top of it
 */
#include "voltap.h"

/*
 * Returns TRUE when a filter is attached to the volume behind Drive.
 * The reason for a FALSE is in *Status so the caller can log it.
 */
BOOLEAN
VtAttachToDrive(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ WCHAR Drive,
    _Out_ PDEVICE_OBJECT *Filter,
    _Out_ NTSTATUS *Status
    )
{
    WCHAR pathBuffer[16];
    UNICODE_STRING path;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE root = NULL;
    PFILE_OBJECT fileObject = NULL;
    PDEVICE_OBJECT target;
    PDEVICE_OBJECT filter = NULL;
    PVT_EXTENSION ext;
    NTSTATUS status;

    *Filter = NULL;

    status = RtlStringCbPrintfW(pathBuffer, sizeof(pathBuffer), L"\\DosDevices\\%wc:\\", Drive);
    if (!NT_SUCCESS(status)) {
        *Status = status;
        return FALSE;
    }
    RtlInitUnicodeString(&path, pathBuffer);
    InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);

    /* opening the root makes sure the volume is mounted */
    status = ZwCreateFile(&root, SYNCHRONIZE | FILE_LIST_DIRECTORY, &oa, &iosb, NULL, 0,
                          FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                          FILE_OPEN, FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT,
                          NULL, 0);
    if (!NT_SUCCESS(status)) {
        *Status = status;
        return FALSE;
    }

    status = ObReferenceObjectByHandle(root, FILE_LIST_DIRECTORY, *IoFileObjectType,
                                       KernelMode, (PVOID *)&fileObject, NULL);
    if (!NT_SUCCESS(status)) {
        ZwClose(root);
        *Status = status;
        return FALSE;
    }

    /* top of the file system stack for this volume */
    target = IoGetRelatedDeviceObject(fileObject);

    status = IoCreateDevice(DriverObject, sizeof(VT_EXTENSION), NULL, target->DeviceType,
                            0, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(fileObject);
        ZwClose(root);
        *Status = status;
        return FALSE;
    }

    ext = (PVT_EXTENSION)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Kind = VtFilter;
    ext->Drive = Drive;

    status = IoAttachDeviceToDeviceStackSafe(filter, target, &ext->AttachedTo);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(filter);
        ObDereferenceObject(fileObject);
        ZwClose(root);
        *Status = status;
        return FALSE;
    }

    filter->Flags |= ext->AttachedTo->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_SUPPORTS_TRANSACTIONS);
    filter->Characteristics |= ext->AttachedTo->Characteristics & FILE_DEVICE_SECURE_OPEN;
    filter->Flags &= ~DO_DEVICE_INITIALIZING;

    /* the close of our own handle already goes through the new filter */
    ObDereferenceObject(fileObject);
    ZwClose(root);

    *Filter = filter;
    *Status = STATUS_SUCCESS;
    return TRUE;
}

/* FastIoDetachDevice: the volume went away underneath us */
VOID
VtForgetFilter(_In_ PDEVICE_OBJECT Filter)
{
    KIRQL irql;
    ULONG i;

    KeAcquireSpinLock(&g_Vt.FilterLock, &irql);
    for (i = 0; i < g_Vt.FilterCount; i++) {
        if (g_Vt.Filters[i] == Filter) {
            g_Vt.Filters[i] = NULL;
            break;
        }
    }
    KeReleaseSpinLock(&g_Vt.FilterLock, irql);
}

VOID
VtDetachAll(VOID)
{
    PDEVICE_OBJECT list[VT_MAX_VOLUMES];
    ULONG count;
    ULONG i;
    KIRQL irql;

    KeAcquireSpinLock(&g_Vt.FilterLock, &irql);
    count = g_Vt.FilterCount;
    RtlCopyMemory(list, g_Vt.Filters, count * sizeof(PDEVICE_OBJECT));
    RtlZeroMemory(g_Vt.Filters, sizeof(g_Vt.Filters));
    g_Vt.FilterCount = 0;
    KeReleaseSpinLock(&g_Vt.FilterLock, irql);

    for (i = 0; i < count; i++) {
        if (list[i] != NULL) {
            PVT_EXTENSION ext = (PVT_EXTENSION)list[i]->DeviceExtension;
            IoDetachDevice(ext->AttachedTo);
            IoDeleteDevice(list[i]);
        }
    }
}
