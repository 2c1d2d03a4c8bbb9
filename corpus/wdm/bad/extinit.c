/*
 * extinit.c - a legacy driver keeping its settings in a driver object
 * extension. A second DriverEntry in the same image (a test build) finds the
 * extension already there (STATUS_OBJECT_NAME_COLLISION) and takes it; but
 * no other failure is tested, so after STATUS_INSUFFICIENT_RESOURCES the
 * helper fills, and the log line reads, a NULL extension.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD XiUnload;

typedef struct _XI_EXTENSION {
    ULONG PollSeconds;
    ULONG Retries;
} XI_EXTENSION, *PXI_EXTENSION;

static ULONG g_XiPollOverride;

static BOOLEAN XiLoadSettings(PXI_EXTENSION Ext)
{
    Ext->PollSeconds = 5;
    Ext->Retries = 3;
    if (g_XiPollOverride == 0)
        return FALSE;
    Ext->PollSeconds = g_XiPollOverride;
    return TRUE;
}

VOID XiUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    PXI_EXTENSION ext = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    status = IoAllocateDriverObjectExtension(DriverObject, (PVOID)DriverEntry, sizeof(XI_EXTENSION), // expect: DE005
                                             (PVOID *)&ext);
    if (status == STATUS_OBJECT_NAME_COLLISION)
        ext = IoGetDriverObjectExtension(DriverObject, (PVOID)DriverEntry);

    if (!XiLoadSettings(ext))
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "extinit: defaults, poll %lu s\n", ext->PollSeconds); // expect: DE007
    DriverObject->DriverUnload = XiUnload;
    return STATUS_SUCCESS;
}
