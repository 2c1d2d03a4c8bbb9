/*++
Copyright (c) Northwind Input Systems. All rights reserved.

Module Name:  kbdlog.c

Abstract:     Legacy (non-PnP) filter that attaches above KeyboardClass0 and
              counts key strokes for the usage-statistics service.

Environment:  Kernel mode only.
--*/
#include "kbdlog.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KbdLogUnload)
#pragma alloc_text(PAGE, KbdLogAttachToClass)
#pragma alloc_text(PAGE, KbdLogDetach)
#endif

static PDEVICE_OBJECT g_FilterDevice;

NTSTATUS
KbdLogAttachToClass(
    _In_ PDRIVER_OBJECT DriverObject,
    _Out_ PDEVICE_OBJECT *FilterDevice
    )
{
    NTSTATUS          status;
    UNICODE_STRING    targetName;
    PFILE_OBJECT      targetFile = NULL;
    PDEVICE_OBJECT    targetDevice = NULL;
    PDEVICE_OBJECT    filter = NULL;
    PKBDLOG_EXTENSION ext;

    PAGED_CODE();

    *FilterDevice = NULL;

    RtlInitUnicodeString(&targetName, KBDLOG_TARGET_NAME);
    status = IoGetDeviceObjectPointer(&targetName,
                                      FILE_READ_ATTRIBUTES,
                                      &targetFile,
                                      &targetDevice);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kbdlog: cannot open %wZ (0x%08x)\n", &targetName, status));
        return status;
    }

    status = IoCreateDevice(DriverObject,
                            sizeof(KBDLOG_EXTENSION),
                            NULL,
                            FILE_DEVICE_KEYBOARD,
                            0,
                            FALSE,
                            &filter);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(targetFile);
        return status;
    }

    ext = (PKBDLOG_EXTENSION)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filter;
    KeInitializeSpinLock(&ext->StatsLock);

    filter->Flags |= (targetDevice->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE));
    filter->DeviceType = targetDevice->DeviceType;
    filter->Characteristics = targetDevice->Characteristics;

    status = IoAttachDeviceToDeviceStackSafe(filter, targetDevice, &ext->LowerDevice);

    //
    // The attachment holds its own reference on the stack; the file object
    // reference from IoGetDeviceObjectPointer is no longer needed.
    //
    ObDereferenceObject(targetFile);

    if (!NT_SUCCESS(status)) {
        KdPrint(("kbdlog: attach failed 0x%08x\n", status));
        IoDeleteDevice(filter);
        return status;
    }

    ext->Attached = TRUE;
    filter->Flags &= ~DO_DEVICE_INITIALIZING;

    *FilterDevice = filter;
    return STATUS_SUCCESS;
}

VOID
KbdLogDetach(
    _In_ PDEVICE_OBJECT FilterDevice
    )
{
    PKBDLOG_EXTENSION ext = (PKBDLOG_EXTENSION)FilterDevice->DeviceExtension;
    LARGE_INTEGER     delay;

    PAGED_CODE();

    if (ext->Attached) {
        IoDetachDevice(ext->LowerDevice);
        ext->Attached = FALSE;
    }

    //
    // A read is always pending in the keyboard class driver; wait until the
    // next key stroke completes it before the code goes away.
    //
    delay.QuadPart = -10 * 1000 * 100;  // 100 ms
    while (ext->PendingReads > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    KdPrint(("kbdlog: %ld down / %ld up\n", ext->KeyDownCount, ext->KeyUpCount));
    IoDeleteDevice(FilterDevice);
}

VOID
KbdLogUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    if (g_FilterDevice != NULL) {
        KbdLogDetach(g_FilterDevice);
        g_FilterDevice = NULL;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    ULONG    i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KbdLogDispatchPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = KbdLogDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KbdLogDispatchPower;
    DriverObject->DriverUnload = KbdLogUnload;

    status = KbdLogAttachToClass(DriverObject, &g_FilterDevice);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kbdlog: not loaded (0x%08x)\n", status));
        return status;
    }

    KdPrint(("kbdlog: attached\n"));
    return STATUS_SUCCESS;
}
