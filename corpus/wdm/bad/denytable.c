/*
 * denytable.c (violating) - the twin of ../denytable.c whose table holds a
 * full path longer than the 32-character slots: RtlStringCchCopyW truncates
 * it and returns STATUS_BUFFER_OVERFLOW, which the helper drops.
 * Expected: DE005, at the copy.
 */

#include <ntddk.h>
#include <ntstrsafe.h>

#define DT_SLOTS 8
#define DT_CHARS 32

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DtUnload;

static const PCWSTR DtDefaults[] = {
    L"mimidrv.sys",
    L"\\SystemRoot\\System32\\drivers\\kprocesshacker.sys",
    L"winio64.sys",
};

static struct {
    WCHAR Names[DT_SLOTS][DT_CHARS];
    ULONG Count;
} DtList;

static VOID
DtSeed(VOID)
{
    ULONG i;

    for (i = 0; i < ARRAYSIZE(DtDefaults) && i < DT_SLOTS; i++) {
        RtlStringCchCopyW(DtList.Names[i], DT_CHARS, DtDefaults[i]);    // expect: DE005
    }
    DtList.Count = i;
}

VOID
DtUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    KdPrint(("denytable: %lu names\n", DtList.Count));
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DtSeed();

    DriverObject->DriverUnload = DtUnload;
    return STATUS_SUCCESS;
}
