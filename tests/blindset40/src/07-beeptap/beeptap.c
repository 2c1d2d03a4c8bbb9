/*
 * beeptap.c
 *
 * DriverEntry / DriverUnload.  We attach to the beep device right away
 * (beep.sys is a legacy driver and is always loaded before us, see the
 * Group value in the INF).
 */

#include "beeptap.h"

BT_GLOBALS g_BeepTap;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       BtUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, BtUnload)
#endif

_Use_decl_annotations_
VOID
BtUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    BT_LOG("unload: %ld beeps seen, %ld muted",
           g_BeepTap.Stats.BeepsSeen, g_BeepTap.Stats.BeepsMuted);

    //
    // Take the filter out of the beep stack, then the control device.
    //

    if (g_BeepTap.FilterDevice != NULL) {
        IoDeleteDevice(g_BeepTap.FilterDevice);
        IoDetachDevice(g_BeepTap.LowerDevice);
        g_BeepTap.FilterDevice = NULL;
        g_BeepTap.LowerDevice = NULL;
    }

    if (g_BeepTap.ControlDevice != NULL) {
        IoDeleteDevice(g_BeepTap.ControlDevice);
        g_BeepTap.ControlDevice = NULL;
    }
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING  controlName = RTL_CONSTANT_STRING(BT_CONTROL_NAME);
    UNICODE_STRING  beepName    = RTL_CONSTANT_STRING(DD_BEEP_DEVICE_NAME_U);
    PFILE_OBJECT    beepFile    = NULL;
    PDEVICE_OBJECT  beepDevice  = NULL;
    PBT_EXTENSION   ext;
    BOOLEAN         linkCreated = FALSE;
    BOOLEAN         attached    = FALSE;
    NTSTATUS        status;
    ULONG           i;

    UNREFERENCED_PARAMETER(RegistryPath);

    BT_LOG("DriverEntry");

    RtlZeroMemory(&g_BeepTap, sizeof(g_BeepTap));
    RtlInitUnicodeString(&g_BeepTap.LinkName, BT_LINK_NAME);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = BtDispatchAny;
    }
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = BtDispatchDeviceControl;

    //
    // 1. control device + link for the tray app
    //

    status = IoCreateDevice(DriverObject, sizeof(BT_EXTENSION), &controlName,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_BeepTap.ControlDevice);
    CHECK(status, "IoCreateDevice(control)");

    ext = (PBT_EXTENSION)g_BeepTap.ControlDevice->DeviceExtension;
    ext->Kind = BtControlDevice;
    ext->LowerDevice = NULL;

    status = IoCreateSymbolicLink(&g_BeepTap.LinkName, &controlName);
    CHECK(status, "IoCreateSymbolicLink");
    linkCreated = TRUE;

    //
    // 2. find the beep device
    //

    status = IoGetDeviceObjectPointer(&beepName, FILE_READ_DATA, &beepFile, &beepDevice);
    CHECK(status, "IoGetDeviceObjectPointer(beep)");

    //
    // 3. filter device object, looks like the device it sits on
    //

    status = IoCreateDevice(DriverObject, sizeof(BT_EXTENSION), NULL,
                            beepDevice->DeviceType, beepDevice->Characteristics,
                            FALSE, &g_BeepTap.FilterDevice);
    CHECK(status, "IoCreateDevice(filter)");

    ext = (PBT_EXTENSION)g_BeepTap.FilterDevice->DeviceExtension;
    ext->Kind = BtFilterDevice;
    ext->LowerDevice = NULL;

    g_BeepTap.FilterDevice->Flags |= beepDevice->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO |
                                                          DO_POWER_PAGABLE);

    //
    // The Safe variant fills in ext->LowerDevice before the first IRP can
    // reach us.
    //

    status = IoAttachDeviceToDeviceStackSafe(g_BeepTap.FilterDevice, beepDevice,
                                             &ext->LowerDevice);
    CHECK(status, "IoAttachDeviceToDeviceStackSafe");
    attached = TRUE;

    g_BeepTap.LowerDevice = ext->LowerDevice;

    g_BeepTap.FilterDevice->Flags  &= ~DO_DEVICE_INITIALIZING;
    g_BeepTap.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    DriverObject->DriverUnload = BtUnload;

    BT_LOG("attached %p above %p", g_BeepTap.FilterDevice, g_BeepTap.LowerDevice);
    status = STATUS_SUCCESS;

Cleanup:

    //
    // The attach holds its own reference on the beep device, the one from
    // IoGetDeviceObjectPointer is not needed either way.
    //

    if (beepFile != NULL) {
        ObDereferenceObject(beepFile);
    }

    if (!NT_SUCCESS(status)) {

        if (attached) {
            IoDetachDevice(g_BeepTap.LowerDevice);
        }
        if (g_BeepTap.FilterDevice != NULL) {
            IoDeleteDevice(g_BeepTap.FilterDevice);
            g_BeepTap.FilterDevice = NULL;
        }
        if (linkCreated) {
            IoDeleteSymbolicLink(&g_BeepTap.LinkName);
        }
        if (g_BeepTap.ControlDevice != NULL) {
            IoDeleteDevice(g_BeepTap.ControlDevice);
            g_BeepTap.ControlDevice = NULL;
        }
    }

    return status;
}
