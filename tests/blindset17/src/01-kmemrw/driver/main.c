/*
 * main.c - kmrw.sys entry, unload and the trivial dispatch routines.
 *
 * kmrw exposes a control device used by the overlay tool to read and write
 * the memory of the game process, and strips handle access to processes the
 * tool asks it to shield.
 */
#include "kmrw.h"

KMRW_GLOBALS g_Kmrw;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KmrwUnload)
#pragma alloc_text(PAGE, KmrwDispatchCreateClose)
#endif

static UNICODE_STRING s_DeviceName = RTL_CONSTANT_STRING(KMRW_DEVICE_NAME);
static UNICODE_STRING s_LinkName   = RTL_CONSTANT_STRING(KMRW_DOS_NAME);

_Use_decl_annotations_
NTSTATUS
KmrwDispatchCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    if (irpSp->MajorFunction == IRP_MJ_CREATE) {
        KmrwTrace("open from pid %p", PsGetCurrentProcessId());
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
KmrwDispatchUnsupported(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

_Use_decl_annotations_
VOID
KmrwUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    KmrwLog("unloading, %lld handles stripped", g_Kmrw.HandlesStripped);

    KmrwStopResolver();
    KmrwUnregisterObCallbacks();
    PsSetCreateProcessNotifyRoutineEx(KmrwProcessNotify, TRUE);

    KmrwFreeProtectedList();

    IoDeleteSymbolicLink(&s_LinkName);
    if (g_Kmrw.DeviceObject != NULL) {
        IoDeleteDevice(g_Kmrw.DeviceObject);
        g_Kmrw.DeviceObject = NULL;
    }
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT deviceObject = NULL;
    LARGE_INTEGER timeout;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    KmrwLog("DriverEntry (%s %s)", __DATE__, __TIME__);

    RtlZeroMemory(&g_Kmrw, sizeof(g_Kmrw));
    ExInitializeFastMutex(&g_Kmrw.ProtectLock);
    InitializeListHead(&g_Kmrw.ProtectedList);
    KeInitializeEvent(&g_Kmrw.ResolverDone, NotificationEvent, FALSE);
    KeInitializeEvent(&g_Kmrw.ResolverStop, NotificationEvent, FALSE);

    status = IoCreateDevice(DriverObject,
                            0,
                            &s_DeviceName,
                            KMRW_DEVICE_TYPE,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        KmrwLog("IoCreateDevice failed 0x%08X", status);
        return status;
    }
    g_Kmrw.DeviceObject = deviceObject;
    deviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&s_LinkName, &s_DeviceName);
    if (!NT_SUCCESS(status)) {
        KmrwLog("IoCreateSymbolicLink failed 0x%08X", status);
        goto fail_device;
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KmrwDispatchUnsupported;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = KmrwDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = KmrwDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KmrwDispatchDeviceControl;
    DriverObject->DriverUnload = KmrwUnload;

    status = PsSetCreateProcessNotifyRoutineEx(KmrwProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        KmrwLog("PsSetCreateProcessNotifyRoutineEx failed 0x%08X (linked with /INTEGRITYCHECK?)", status);
        goto fail_link;
    }

    status = KmrwRegisterObCallbacks();
    if (!NT_SUCCESS(status)) {
        KmrwLog("ObRegisterCallbacks failed 0x%08X", status);
        goto fail_link;
    }

    status = KmrwStartResolver();
    if (!NT_SUCCESS(status)) {
        KmrwLog("resolver thread failed 0x%08X", status);
        goto fail_ob;
    }

    /*
     * The client issues IOCTL_KMRW_MODULE_BASE right after the service
     * starts, give the resolver a moment to find the exports first.
     */
    timeout.QuadPart = -20000000LL;
    status = KeWaitForSingleObject(&g_Kmrw.ResolverDone,
                                   Executive,
                                   KernelMode,
                                   FALSE,
                                   &timeout);
    if (!NT_SUCCESS(status)) {
        goto fail_resolver;
    }

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    KmrwLog("loaded, build %lu, offsets %s",
            g_Kmrw.Offsets.BuildNumber,
            g_Kmrw.Offsets.Valid ? "ok" : "pending");
    return status;

fail_resolver:
    KmrwStopResolver();
fail_ob:
    KmrwUnregisterObCallbacks();
    PsSetCreateProcessNotifyRoutineEx(KmrwProcessNotify, TRUE);
fail_link:
    IoDeleteSymbolicLink(&s_LinkName);
fail_device:
    IoDeleteDevice(deviceObject);
    g_Kmrw.DeviceObject = NULL;
    return status;
}
