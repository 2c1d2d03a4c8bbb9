/*
 * cfgdefault.c - a driver whose active settings point at a built-in default
 * until DriverEntry allocates a tuned copy; the release helper frees the
 * active settings only when they are not the default (`!= &Default`), so a
 * failed load frees the copy it allocated.
 */

#include <ntddk.h>

#define CD_TAG 'gfCd'

typedef struct _CD_SETTINGS {
    ULONG Level;
    ULONG Mask;
} CD_SETTINGS, *PCD_SETTINGS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CdUnload;

static CD_SETTINGS CdDefault = { 1, 0xff };
static PCD_SETTINGS CdActive = &CdDefault;

static VOID
CdReleaseSettings(
    VOID
    )
{
    if (CdActive != &CdDefault) {
        ExFreePoolWithTag(CdActive, CD_TAG);
    }
    CdActive = &CdDefault;
}

static VOID
CdProcessNotify(
    _In_ HANDLE ParentId,
    _In_ HANDLE ProcessId,
    _In_ BOOLEAN Create
    )
{
    UNREFERENCED_PARAMETER(ParentId);
    UNREFERENCED_PARAMETER(ProcessId);
    if (Create && CdActive->Level > 1) {
        KdPrint(("cfgdefault: process created\n"));
    }
}

VOID
CdUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutine(CdProcessNotify, TRUE);
    CdReleaseSettings();
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PCD_SETTINGS tuned;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    tuned = (PCD_SETTINGS)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(CD_SETTINGS), CD_TAG);
    if (tuned != NULL) {
        tuned->Level = 2;
        tuned->Mask = 0x0f;
        CdActive = tuned;
    }
    status = PsSetCreateProcessNotifyRoutine(CdProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        CdReleaseSettings();
        return status;
    }
    DriverObject->DriverUnload = CdUnload;
    return STATUS_SUCCESS;
}
