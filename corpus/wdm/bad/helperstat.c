/*
 * helperstat.c - a note-keeping driver that sets itself up in steps, each a
 * helper of its own returning an NTSTATUS, in the version where the lock's
 * step and the list's were swapped and the test stayed behind.
 *
 * BUG (DE005): NkInitLock's status, which is a failure when the pool is
 * short, is overwritten by NkInitList's before anything examines it:
 * DriverEntry returns success with no lock.
 */

#include <ntddk.h>

#define NK_TAG 'tsKN'

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
    status = NkInitLock();                              // expect: DE005
    status = NkInitList();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = NkUnload;
    return status;
}
