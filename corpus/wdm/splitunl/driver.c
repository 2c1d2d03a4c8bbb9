/*
 * driver.c - "procmon"'s DriverEntry. Its unload routine is defined in
 * callbacks.c, a file no call of DriverEntry reaches: it is read because
 * DriverEntry stores the routine (before, the file was not parsed and DE011
 * could not judge the unload routine at all).
 */

#include "procmon.h"

DRIVER_INITIALIZE DriverEntry;

PDEVICE_OBJECT g_PmDevice;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_PmDevice);
    if (!NT_SUCCESS(status))
        return status;
    status = PsSetCreateProcessNotifyRoutineEx(PmProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_PmDevice);
        return status;
    }
    DriverObject->DriverUnload = PmUnload;
    return STATUS_SUCCESS;
}
