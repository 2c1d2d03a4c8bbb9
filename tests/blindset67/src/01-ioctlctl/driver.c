/*
 * driver.c - ioctlctl entry / unload
 *
 * Classic NT4-style control device: one named device, one DOS symlink,
 * no PnP. Load with sc create ioctlctl type= kernel binPath= ...
 */
#include "ioctlctl.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     CtlUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CtlUnload)
#endif

CTL_GLOBALS g_Ctl;

VOID
CtlUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    LOG("unload: opens=%d closes=%d ioctls=%d errors=%d",
        g_Ctl.Stats.Opens, g_Ctl.Stats.Closes,
        g_Ctl.Stats.Ioctls, g_Ctl.Stats.Errors);

    if (g_Ctl.SymLinkCreated) {
        IoDeleteSymbolicLink(&g_Ctl.SymLink);
        g_Ctl.SymLinkCreated = FALSE;
    }

    if (g_Ctl.DeviceObject != NULL) {
        IoDeleteDevice(g_Ctl.DeviceObject);
        g_Ctl.DeviceObject = NULL;
    }

    if (g_Ctl.Scratch != NULL) {
        ExFreePoolWithTag(g_Ctl.Scratch, IOCTLCTL_TAG);
        g_Ctl.Scratch = NULL;
    }

    LOG("bye");
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS       status = STATUS_SUCCESS;
    UNICODE_STRING devName;
    ULONG          i;

    UNREFERENCED_PARAMETER(RegistryPath);

    LOG("DriverEntry built " __DATE__ " " __TIME__);

    RtlZeroMemory(&g_Ctl, sizeof(g_Ctl));
    ExInitializeFastMutex(&g_Ctl.ScratchLock);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = CtlNotSupported;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = CtlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = CtlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CtlDeviceControl;
    DriverObject->DriverUnload                         = CtlUnload;

    RtlInitUnicodeString(&devName, IOCTLCTL_DEVICE_NAME);
    RtlInitUnicodeString(&g_Ctl.SymLink, IOCTLCTL_SYMLINK_NAME);

    status = IoCreateDevice(DriverObject,
                            0,
                            &devName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Ctl.DeviceObject);
    if (!NT_SUCCESS(status)) {
        LOGERR("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    g_Ctl.DeviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_Ctl.SymLink, &devName);
    if (!NT_SUCCESS(status)) {
        LOGERR("IoCreateSymbolicLink failed 0x%08X", status);
        return status;
    }
    g_Ctl.SymLinkCreated = TRUE;

    /* scratch buffer for the echo ioctl */
    g_Ctl.Scratch = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx,
                                                  IOCTLCTL_SCRATCH_SIZE,
                                                  IOCTLCTL_TAG);
    if (g_Ctl.Scratch == NULL) {
        LOGERR("no memory for scratch buffer");
        goto Fail;
    }
    RtlZeroMemory(g_Ctl.Scratch, IOCTLCTL_SCRATCH_SIZE);

    g_Ctl.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    LOG("ready: %wZ -> %wZ", &g_Ctl.SymLink, &devName);
    return STATUS_SUCCESS;

Fail:
    if (g_Ctl.SymLinkCreated) {
        IoDeleteSymbolicLink(&g_Ctl.SymLink);
        g_Ctl.SymLinkCreated = FALSE;
    }
    IoDeleteDevice(g_Ctl.DeviceObject);
    g_Ctl.DeviceObject = NULL;
    return status;
}
