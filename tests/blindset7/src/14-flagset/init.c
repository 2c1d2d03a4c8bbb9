/*
 * init.c - NoteKeeper setup/teardown helpers
 */
#include "init.h"

ULONG                g_InitFlags;
PDEVICE_OBJECT       g_Device;
PERESOURCE           g_NotesLock;
LIST_ENTRY           g_Notes;
ULONG                g_NoteCount;
PAGED_LOOKASIDE_LIST g_NoteLookaside;

static UNICODE_STRING g_DevName  = RTL_CONSTANT_STRING(L"\\Device\\NoteKeeper");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\NoteKeeper");

NTSTATUS NkInitDevice(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("NoteKeeper: IoCreateDevice failed 0x%08X\n", status));
        return status;
    }
    g_Device->Flags |= DO_BUFFERED_IO;
    g_InitFlags |= INIT_DEVICE;
    return STATUS_SUCCESS;
}

NTSTATUS NkInitLink(VOID)
{
    NTSTATUS status;

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("NoteKeeper: IoCreateSymbolicLink failed 0x%08X\n", status));
    }
    return status;
}

NTSTATUS NkInitResource(VOID)
{
    NTSTATUS status;

    /* ERESOURCE must be in nonpaged memory */
    g_NotesLock = (PERESOURCE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(ERESOURCE), NK_TAG);
    if (g_NotesLock == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = ExInitializeResourceLite(g_NotesLock);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(g_NotesLock, NK_TAG);
        g_NotesLock = NULL;
        return status;
    }
    InitializeListHead(&g_Notes);
    g_NoteCount = 0;
    g_InitFlags |= INIT_RESOURCE;
    return STATUS_SUCCESS;
}

NTSTATUS NkInitLookaside(VOID)
{
    ExInitializePagedLookasideList(&g_NoteLookaside, NULL, NULL, 0, sizeof(NK_NOTE), NK_TAG, 0);
    g_InitFlags |= INIT_LOOKASIDE;
    return STATUS_SUCCESS;
}

static VOID NkFreeAllNotes(VOID)
{
    while (!IsListEmpty(&g_Notes)) {
        PLIST_ENTRY entry = RemoveHeadList(&g_Notes);
        ExFreeToPagedLookasideList(&g_NoteLookaside, CONTAINING_RECORD(entry, NK_NOTE, Link));
    }
    g_NoteCount = 0;
}

VOID NkTeardownAll(VOID)
{
    if (g_InitFlags & INIT_LOOKASIDE) {
        if (g_InitFlags & INIT_RESOURCE) {
            NkFreeAllNotes();
        }
        ExDeletePagedLookasideList(&g_NoteLookaside);
    }
    if (g_InitFlags & INIT_RESOURCE) {
        ExDeleteResourceLite(g_NotesLock);
        ExFreePoolWithTag(g_NotesLock, NK_TAG);
        g_NotesLock = NULL;
    }
    if (g_InitFlags & INIT_LINK) {
        IoDeleteSymbolicLink(&g_LinkName);
    }
    if (g_InitFlags & INIT_DEVICE) {
        IoDeleteDevice(g_Device);
        g_Device = NULL;
    }
    g_InitFlags = 0;
}
