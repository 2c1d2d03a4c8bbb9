/*
 * device.c (kbctl) - control device, its link, and the small state block.
 */
#include "control.h"

PDEVICE_OBJECT g_ControlDevice;
PKBCTL_STATE g_State;
static BOOLEAN g_LinkUp;

NTSTATUS CreateDevice(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(KBSUITE_CTL_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(KBSUITE_CTL_LINK_NAME);
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, &name, KBSUITE_DEVTYPE,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_ControlDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_ControlDevice);
        g_ControlDevice = NULL;
        return status;
    }
    g_LinkUp = TRUE;
    return STATUS_SUCCESS;
}

NTSTATUS InitDevice(VOID)
{
    NTSTATUS status;

    g_State = (PKBCTL_STATE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(KBCTL_STATE), KBCTL_TAG);
    if (g_State == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ExInitializeFastMutex(&g_State->Lock);

    status = KsReadDword(KBSUITE_FILTER_PARAMS, KBSUITE_VALUE_CAPTURE, &g_State->Capture);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        /* first run: create the key so the filter finds it next boot */
        status = KsWriteDword(KBSUITE_FILTER_PARAMS, KBSUITE_VALUE_CAPTURE, 0);
    }
    return status;
}

VOID CleanupGlobals(VOID)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(KBSUITE_CTL_LINK_NAME);

    if (g_State != NULL) {
        ExFreePoolWithTag(g_State, KBCTL_TAG);
        g_State = NULL;
    }
    if (g_LinkUp) {
        IoDeleteSymbolicLink(&link);
        g_LinkUp = FALSE;
    }
    if (g_ControlDevice != NULL) {
        IoDeleteDevice(g_ControlDevice);
        g_ControlDevice = NULL;
    }
}
