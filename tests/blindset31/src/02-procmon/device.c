//
// device.c - control device object + symbolic link
//
#include "procmon.h"

NTSTATUS
DevCreate(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PM_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PM_LINK_NAME);

    status = IoCreateDevice(DriverObject,
                            0,
                            &devName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Pm.ControlDevice);
    if (!NT_SUCCESS(status)) {
        PM_ERR("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        PM_ERR("IoCreateSymbolicLink failed 0x%08X", status);
        IoDeleteDevice(g_Pm.ControlDevice);
        g_Pm.ControlDevice = NULL;
        return status;
    }
    g_Pm.LinkCreated = TRUE;

    g_Pm.ControlDevice->Flags |= DO_BUFFERED_IO;
    g_Pm.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
DevDestroy(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PM_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Pm.LinkCreated) {
        IoDeleteSymbolicLink(&linkName);
        g_Pm.LinkCreated = FALSE;
    }
    if (g_Pm.ControlDevice != NULL) {
        IoDeleteDevice(g_Pm.ControlDevice);
        g_Pm.ControlDevice = NULL;
    }
}
