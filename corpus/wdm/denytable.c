/*
 * denytable.c - a driver that seeds its deny list from a constant table of
 * short names. Each copy's source is an entry of a `static const` table
 * whose every entry is a literal of at most 12 characters, so each fits the
 * 32-character slots and RtlStringCchCopyW cannot fail: dropping its status
 * loses nothing.
 * Expected: no finding.
 */

#include <ntddk.h>
#include <ntstrsafe.h>

#define DT_SLOTS 8
#define DT_CHARS 32

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DtUnload;

static const PCWSTR DtDefaults[] = {
    L"mimidrv.sys",
    L"kprocesshkr",
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
        RtlStringCchCopyW(DtList.Names[i], DT_CHARS, DtDefaults[i]);
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
