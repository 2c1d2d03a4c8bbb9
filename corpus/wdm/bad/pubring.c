/*
 * pubring.c - legacy driver that builds a table of trace patterns in a local
 * pointer, fills it in, and only then publishes it in a global its IOCTLs
 * read.
 *
 * BUG (DE011): the unload routine never frees the table the global holds;
 * Driver Verifier stops the unload with bug check 0xC4 (0x62).
 */

#include <ntddk.h>

#define PUB_TAG 'bUpR'

typedef struct _PUB_TABLE {
    ULONG Count;
    ULONG Steps[32];
} PUB_TABLE, *PPUB_TABLE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PubUnload;

static PPUB_TABLE PubTable;

static NTSTATUS
PubBuildTable(VOID)
{
    PPUB_TABLE table;
    ULONG i;

    table = (PPUB_TABLE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(PUB_TABLE), PUB_TAG); // expect: DE011
    if (table == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    for (i = 0; i < RTL_NUMBER_OF(table->Steps); i++) {
        table->Steps[i] = i * 10;
    }
    table->Count = RTL_NUMBER_OF(table->Steps);
    PubTable = table;
    return STATUS_SUCCESS;
}

VOID
PubUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KdPrint(("pubring: unloaded\n"));
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = PubBuildTable();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->DriverUnload = PubUnload;
    return STATUS_SUCCESS;
}
