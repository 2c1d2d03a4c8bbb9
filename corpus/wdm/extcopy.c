/*
 * extcopy.c - a driver whose image-load notify routine only remembers the
 * global extension pointer for a later pass (it copies the pointer, and
 * reaches nothing through it). The unload routine frees the extension's
 * name table, then removes the notify routine, then frees the extension:
 * the table is freed while the routine is registered, but the routine
 * never reads it.
 * Expected: no finding.
 */

#include <ntddk.h>

#define XC_TAG 'cXcX'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD XcUnload;

typedef struct _XC_EXT {
    PWCHAR Names;
    ULONG Loads;
} XC_EXT, *PXC_EXT;

static PXC_EXT g_XcExt;
static PVOID g_XcLastContext;

static VOID
XcImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
    g_XcLastContext = g_XcExt;
}

VOID
XcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExFreePoolWithTag(g_XcExt->Names, XC_TAG);
    PsRemoveLoadImageNotifyRoutine(XcImageNotify);
    ExFreePoolWithTag(g_XcExt, XC_TAG);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_XcExt = (PXC_EXT)ExAllocatePoolZero(NonPagedPoolNx, sizeof(XC_EXT), XC_TAG);
    if (g_XcExt == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_XcExt->Names = (PWCHAR)ExAllocatePoolZero(NonPagedPoolNx, 256, XC_TAG);
    if (g_XcExt->Names == NULL) {
        ExFreePoolWithTag(g_XcExt, XC_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = PsSetLoadImageNotifyRoutine(XcImageNotify);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(g_XcExt->Names, XC_TAG);
        ExFreePoolWithTag(g_XcExt, XC_TAG);
        return status;
    }
    DriverObject->DriverUnload = XcUnload;
    return STATUS_SUCCESS;
}
