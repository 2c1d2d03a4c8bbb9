/*
 * device.c (kbfilter) - the filter device object: create it, hook it on top
 * of the first keyboard class device, and take it down again.
 */
#include "filter.h"

PDEVICE_OBJECT g_FilterDevice;

NTSTATUS CreateDevice(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;
    PFILTER_EXTENSION ext;

    status = IoCreateDevice(DriverObject, sizeof(FILTER_EXTENSION), NULL,
                            FILE_DEVICE_KEYBOARD, 0, FALSE, &g_FilterDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PFILTER_EXTENSION)g_FilterDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    return STATUS_SUCCESS;
}

NTSTATUS InitDevice(VOID)
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(L"\\Device\\KeyboardClass0");
    PFILTER_EXTENSION ext = (PFILTER_EXTENSION)g_FilterDevice->DeviceExtension;
    NTSTATUS status;

    status = IoAttachDevice(g_FilterDevice, &target, &ext->LowerDevice);
    if (!NT_SUCCESS(status)) {
        ext->LowerDevice = NULL;
        return status;
    }

    g_FilterDevice->Flags |= ext->LowerDevice->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    g_FilterDevice->Characteristics = ext->LowerDevice->Characteristics;
    g_FilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID CleanupGlobals(VOID)
{
    PFILTER_EXTENSION ext;
    LARGE_INTEGER delay;

    if (g_FilterDevice == NULL) {
        return;
    }
    ext = (PFILTER_EXTENSION)g_FilterDevice->DeviceExtension;

    if (ext->LowerDevice != NULL) {
        IoDetachDevice(ext->LowerDevice);
        ext->LowerDevice = NULL;
    }

    /* a read is always pending on a keyboard; wait for the next key press */
    delay.QuadPart = -10 * 1000 * 100;  /* 100 ms */
    while (InterlockedCompareExchange(&ext->PendingReads, 0, 0) != 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    IoDeleteDevice(g_FilterDevice);
    g_FilterDevice = NULL;
}
