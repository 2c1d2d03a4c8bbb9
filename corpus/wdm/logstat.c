/*
 * logstat.c - the note-keeping driver of helperstat.c, which logs the
 * status of each step it takes: the lock's step is logged and tested
 * before the next step runs, so its failure stops the load.
 * Conforming: no DE005.
 */

#include <ntddk.h>

#define NK_TAG 'tsLN'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NkUnload;

static PERESOURCE NkLock;
static LIST_ENTRY NkNotes;

static NTSTATUS
NkInitLock(VOID)
{
    NkLock = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(ERESOURCE), NK_TAG);
    if (NkLock == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return ExInitializeResourceLite(NkLock);
}

static NTSTATUS
NkInitList(VOID)
{
    InitializeListHead(&NkNotes);
    return STATUS_SUCCESS;
}

static NTSTATUS
NkInitTrace(VOID)
{
    KdPrint(("notekeeper: starting\n"));
    return STATUS_SUCCESS;
}

VOID
NkUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExDeleteResourceLite(NkLock);
    ExFreePoolWithTag(NkLock, NK_TAG);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = NkInitTrace();
#if DBG
    if (!NT_SUCCESS(status)) {
        DbgPrint("notekeeper: no trace 0x%08X\n", status);
    }
#endif
    status = NkInitLock();
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "notekeeper: lock step 0x%08X\n", status);
    if (!NT_SUCCESS(status)) {
        if (NkLock != NULL) {
            ExFreePoolWithTag(NkLock, NK_TAG);
        }
        return status;
    }
    status = NkInitList();
    ASSERT(NT_SUCCESS(status));
    status = STATUS_SUCCESS;

    DriverObject->DriverUnload = NkUnload;
    return status;
}
