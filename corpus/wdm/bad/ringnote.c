/*
 * ringnote.c (violating) - the twin of ../ringnote.c whose first line is
 * longer than the helper takes: the call gives it a constant over its line
 * limit, so the helper fails and the dropped status hides it.
 * Expected: DE005.
 */

#include <ntddk.h>

#define RN_TAG      'gnRR'
#define RN_RING     4096
#define RN_MAX_LINE 256

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RnUnload;

static PCHAR RnRing;
static ULONG RnHead;

static NTSTATUS
RnAppend(_In_reads_(Length) const CHAR *Text, _In_ ULONG Length)
{
    ULONG i;

    if (Length == 0 || Length > RN_MAX_LINE) {
        return STATUS_INVALID_PARAMETER;
    }
    for (i = 0; i < Length; i++) {
        RnRing[RnHead] = Text[i];
        RnHead = (RnHead + 1) % RN_RING;
    }
    Length = 0;
    return STATUS_SUCCESS;
}

VOID
RnUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExFreePoolWithTag(RnRing, RN_TAG);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    RnRing = ExAllocatePool2(POOL_FLAG_NON_PAGED, RN_RING, RN_TAG);
    if (RnRing == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RnAppend("ringnote up\n", 300);                     // expect: DE005

    DriverObject->DriverUnload = RnUnload;
    return STATUS_SUCCESS;
}
