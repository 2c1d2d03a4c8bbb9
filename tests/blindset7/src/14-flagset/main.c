/*
 * main.c - NoteKeeper: a kernel "sticky notes" store
 *
 *   IOCTL_NK_ADD    in:  text (up to 128 bytes)
 *   IOCTL_NK_LIST   out: all notes, each followed by '\n'
 *   IOCTL_NK_CLEAR  drops every note
 *
 * Small project to practise ERESOURCE and paged lookaside lists.
 */
#include "init.h"

#define NK_DEVICE_TYPE  0x9A00
#define IOCTL_NK_ADD    CTL_CODE(NK_DEVICE_TYPE, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_NK_LIST   CTL_CODE(NK_DEVICE_TYPE, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_NK_CLEAR  CTL_CODE(NK_DEVICE_TYPE, 0x902, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define NK_MAX_NOTES    256

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NkUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH NkCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH NkDeviceControl;

static NTSTATUS NkAddNote(PVOID Buffer, ULONG Length)
{
    PNK_NOTE note;

    if (Length == 0 || Length > NK_MAX_NOTE) {
        return STATUS_INVALID_PARAMETER;
    }

    note = (PNK_NOTE)ExAllocateFromPagedLookasideList(&g_NoteLookaside);
    if (note == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(note->Text, Buffer, Length);
    note->Length = (USHORT)Length;

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(g_NotesLock, TRUE);
    if (g_NoteCount >= NK_MAX_NOTES) {
        ExReleaseResourceLite(g_NotesLock);
        KeLeaveCriticalRegion();
        ExFreeToPagedLookasideList(&g_NoteLookaside, note);
        return STATUS_QUOTA_EXCEEDED;
    }
    InsertTailList(&g_Notes, &note->Link);
    g_NoteCount++;
    ExReleaseResourceLite(g_NotesLock);
    KeLeaveCriticalRegion();
    return STATUS_SUCCESS;
}

static NTSTATUS NkListNotes(PCHAR Out, ULONG OutLength, PULONG_PTR Written)
{
    NTSTATUS status = STATUS_SUCCESS;
    PLIST_ENTRY entry;
    ULONG used = 0;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(g_NotesLock, TRUE);
    for (entry = g_Notes.Flink; entry != &g_Notes; entry = entry->Flink) {
        PNK_NOTE note = CONTAINING_RECORD(entry, NK_NOTE, Link);
        if (used + note->Length + 1 > OutLength) {
            status = STATUS_BUFFER_OVERFLOW;
            break;
        }
        RtlCopyMemory(Out + used, note->Text, note->Length);
        used += note->Length;
        Out[used++] = '\n';
    }
    ExReleaseResourceLite(g_NotesLock);
    KeLeaveCriticalRegion();

    *Written = used;
    return status;
}

static VOID NkClearNotes(VOID)
{
    LIST_ENTRY local;

    InitializeListHead(&local);

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(g_NotesLock, TRUE);
    while (!IsListEmpty(&g_Notes)) {
        InsertTailList(&local, RemoveHeadList(&g_Notes));
    }
    g_NoteCount = 0;
    ExReleaseResourceLite(g_NotesLock);
    KeLeaveCriticalRegion();

    while (!IsListEmpty(&local)) {
        PLIST_ENTRY entry = RemoveHeadList(&local);
        ExFreeToPagedLookasideList(&g_NoteLookaside, CONTAINING_RECORD(entry, NK_NOTE, Link));
    }
}

NTSTATUS NkCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS NkDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG_PTR info = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_NK_ADD:
        status = NkAddNote(buffer, stack->Parameters.DeviceIoControl.InputBufferLength);
        break;
    case IOCTL_NK_LIST:
        status = NkListNotes((PCHAR)buffer, stack->Parameters.DeviceIoControl.OutputBufferLength, &info);
        break;
    case IOCTL_NK_CLEAR:
        NkClearNotes();
        status = STATUS_SUCCESS;
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID NkUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    NkTeardownAll();
    KdPrint(("NoteKeeper: unloaded\n"));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_InitFlags = 0;

    DriverObject->DriverUnload = NkUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = NkCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = NkCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = NkDeviceControl;

    status = NkInitDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = NkInitLink();
    if (!NT_SUCCESS(status)) {
        NkTeardownAll();
        return status;
    }

    status = NkInitResource();
    status = NkInitLookaside();
    if (!NT_SUCCESS(status)) {
        NkTeardownAll();
        return status;
    }

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    KdPrint(("NoteKeeper: ready (init flags 0x%X)\n", g_InitFlags));
    return STATUS_SUCCESS;
}
