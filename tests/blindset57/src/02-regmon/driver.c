/*
 * driver.c - regmon entry / unload / IOCTL plumbing
 */
#include "regmon.h"

RM_GLOBALS g_Rm;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     RmUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   RmCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   RmDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RmUnload)
#pragma alloc_text(PAGE, RmCreateClose)
#pragma alloc_text(PAGE, RmDeviceControl)
#endif

NTSTATUS
RmCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
RmDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RM_GET_COUNTERS:
        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(RM_COUNTERS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Rm.Counters, sizeof(RM_COUNTERS));
        info = sizeof(RM_COUNTERS);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_RM_RELOAD_CONFIG:
        status = RmLoadConfig(&g_Rm.RegistryPath);
        break;

    default:
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
RmUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    if (g_Rm.CallbackRegistered) {
        CmUnRegisterCallback(g_Rm.Cookie);
        g_Rm.CallbackRegistered = FALSE;
    }

    if (g_Rm.DeviceObject != NULL) {
        IoDeleteDevice(g_Rm.DeviceObject);
        g_Rm.DeviceObject = NULL;
    }

    DbgPrint("regmon: unloaded (set=%ld delval=%ld create=%ld delkey=%ld blocked=%ld)\n",
             g_Rm.Counters.SetValue, g_Rm.Counters.DeleteValue,
             g_Rm.Counters.CreateKey, g_Rm.Counters.DeleteKey, g_Rm.Counters.Blocked);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName;
    UNICODE_STRING linkName;
    UNICODE_STRING altitude;
    PDEVICE_OBJECT deviceObject = NULL;
    BOOLEAN linkCreated = FALSE;

    DbgPrint("regmon: DriverEntry %wZ\n", RegistryPath);

    RtlZeroMemory(&g_Rm, sizeof(g_Rm));
    g_Rm.DriverObject = DriverObject;
    g_Rm.RegistryPath = *RegistryPath;
    g_Rm.LogMask      = RM_LOG_DEFAULT;

    RtlInitUnicodeString(&devName,  RM_DEVICE_NAME);
    RtlInitUnicodeString(&linkName, RM_LINK_NAME);
    RtlInitUnicodeString(&altitude, RM_ALTITUDE);

    /* absent values are fine, the defaults stay in place */
    (VOID)RmLoadConfig(&g_Rm.RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    CHECK_STATUS(status, "IoCreateDevice");
    g_Rm.DeviceObject = deviceObject;

    status = IoCreateSymbolicLink(&linkName, &devName);
    CHECK_STATUS(status, "IoCreateSymbolicLink");
    linkCreated = TRUE;

    status = CmRegisterCallbackEx(RmRegistryCallback, &altitude, DriverObject,
                                  NULL, &g_Rm.Cookie, NULL);
    CHECK_STATUS(status, "CmRegisterCallbackEx");
    g_Rm.CallbackRegistered = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = RmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = RmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RmDeviceControl;
    DriverObject->DriverUnload                         = RmUnload;

    DbgPrint("regmon: loaded, cookie %I64x\n", g_Rm.Cookie.QuadPart);

Exit:
    if (!NT_SUCCESS(status)) {
        if (linkCreated) {
            IoDeleteSymbolicLink(&linkName);
        }
        if (g_Rm.DeviceObject != NULL) {
            IoDeleteDevice(g_Rm.DeviceObject);
            g_Rm.DeviceObject = NULL;
        }
    }
    return status;
}
