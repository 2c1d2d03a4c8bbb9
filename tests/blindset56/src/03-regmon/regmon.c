/*
 * RegMon - registry activity monitor
 *
 * Registers a CmRegisterCallbackEx callback, queues the interesting
 * operations and hands them out through \\.\RegMon.
 * It can also refuse writes to its own service key (on by default).
 */
#include "regmon.h"

REGMON_GLOBALS g_Reg;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     RegmonUnload;
DRIVER_DISPATCH   RegmonCreateClose;
DRIVER_DISPATCH   RegmonIoctl;

NTSTATUS RegmonCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS RegmonIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR bytes = 0;
    ULONG inLen  = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode)
    {
    case IOCTL_REGMON_GET_RECORDS:
        if (outLen < sizeof(REGMON_RECORD)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ULONG n = RegQueueFetch((PREGMON_RECORD)Irp->AssociatedIrp.SystemBuffer,
                                    outLen / sizeof(REGMON_RECORD));
            bytes = n * sizeof(REGMON_RECORD);
        }
        break;

    case IOCTL_REGMON_SET_PROTECT:
        if (inLen < sizeof(ULONG)) {
            status = STATUS_INVALID_PARAMETER;
        } else {
            InterlockedExchange(&g_Reg.ProtectSelf,
                                *(PULONG)Irp->AssociatedIrp.SystemBuffer ? 1 : 0);
            DBG_PRINT("self protection %s\n", g_Reg.ProtectSelf ? "on" : "off");
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = bytes;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID RegmonUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    DBG_PRINT("unloading\n");

    /* flush everything the client didn't read */
    RegQueueDestroy();

    if (g_Reg.CallbackRegistered) {
        CmUnRegisterCallback(g_Reg.Cookie);
        g_Reg.CallbackRegistered = FALSE;
    }

    if (g_Reg.LinkCreated) {
        IoDeleteSymbolicLink(&g_Reg.LinkName);
    }
    if (g_Reg.DeviceObject) {
        IoDeleteDevice(g_Reg.DeviceObject);
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS        status;
    UNICODE_STRING  devName;
    UNICODE_STRING  altitude;

    DbgPrint("RegMon: DriverEntry %wZ\n", RegistryPath);

    RtlZeroMemory(&g_Reg, sizeof(g_Reg));
    g_Reg.DriverObject = DriverObject;
    g_Reg.ServiceKey   = *RegistryPath;
    g_Reg.ProtectSelf  = 1;

    RegQueueInit();

    RtlInitUnicodeString(&devName, REGMON_DEVICE);
    RtlInitUnicodeString(&g_Reg.LinkName, REGMON_LINK);
    RtlInitUnicodeString(&altitude, REGMON_ALTITUDE);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Reg.DeviceObject);
    CHECK_STATUS(status, "IoCreateDevice");

    g_Reg.DeviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_Reg.LinkName, &devName);
    CHECK_STATUS(status, "IoCreateSymbolicLink");
    g_Reg.LinkCreated = TRUE;

    status = CmRegisterCallbackEx(RegmonCallback,
                                  &altitude,
                                  DriverObject,
                                  NULL,
                                  &g_Reg.Cookie,
                                  NULL);
    CHECK_STATUS(status, "CmRegisterCallbackEx");
    g_Reg.CallbackRegistered = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = RegmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = RegmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RegmonIoctl;
    DriverObject->DriverUnload = RegmonUnload;

    g_Reg.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    DbgPrint("RegMon: loaded, cookie %I64x\n", g_Reg.Cookie.QuadPart);
    return STATUS_SUCCESS;

Cleanup:
    if (g_Reg.LinkCreated) {
        IoDeleteSymbolicLink(&g_Reg.LinkName);
        g_Reg.LinkCreated = FALSE;
    }
    if (g_Reg.DeviceObject) {
        IoDeleteDevice(g_Reg.DeviceObject);
        g_Reg.DeviceObject = NULL;
    }
    RegQueueDestroy();
    return status;
}
