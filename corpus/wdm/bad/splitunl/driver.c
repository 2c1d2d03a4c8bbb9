/*
 * driver.c (bad) - "procmon"'s DriverEntry, as ../../splitunl/driver.c; its
 * unload routine, in callbacks.c, forgets the notify routine (DE011, a miss
 * before: callbacks.c was not parsed).
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
    status = PsSetCreateProcessNotifyRoutineEx(PmProcessNotify, FALSE);   // expect: DE011
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_PmDevice);
        return status;
    }
    DriverObject->DriverUnload = PmUnload;
    return STATUS_SUCCESS;
}
