#include "regmon.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RegMonUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH RegMonCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH RegMonIoctl;

REGMON_GLOBALS g_RegMon;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(REGMON_ALTITUDE);
    UNICODE_STRING devName  = RTL_CONSTANT_STRING(REGMON_DEVICE);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(REGMON_LINK);

    UNREFERENCED_PARAMETER(RegistryPath);

    DPRINT("DriverEntry\n");
    RtlZeroMemory(&g_RegMon, sizeof(g_RegMon));

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_RegMon.DeviceObject);
    if (!NT_SUCCESS(status)) {
        DPRINT("IoCreateDevice failed 0x%08X\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        DPRINT("IoCreateSymbolicLink failed 0x%08X\n", status);
        IoDeleteDevice(g_RegMon.DeviceObject);
        return status;
    }

    if (!LogInit()) {
        DPRINT("no memory for the log\n");
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(g_RegMon.DeviceObject);
        return status;
    }

    status = CmRegisterCallbackEx(RegMonCallback, &altitude, DriverObject,
                                  NULL, &g_RegMon.Cookie, NULL);
    if (!NT_SUCCESS(status)) {
        DPRINT("CmRegisterCallbackEx failed 0x%08X\n", status);
        LogFree();
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(g_RegMon.DeviceObject);
        return status;
    }

    // needs /INTEGRITYCHECK, otherwise STATUS_ACCESS_DENIED
    status = PsSetCreateProcessNotifyRoutineEx(RegMonProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        DPRINT("PsSetCreateProcessNotifyRoutineEx failed 0x%08X\n", status);
        LogFree();
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(g_RegMon.DeviceObject);
        return status;
    }

    g_RegMon.DeviceObject->Flags |= DO_BUFFERED_IO;

    DriverObject->DriverUnload = RegMonUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = RegMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RegMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RegMonIoctl;

    DPRINT("loaded, cookie %I64x\n", g_RegMon.Cookie.QuadPart);
    return STATUS_SUCCESS;
}

VOID RegMonUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(REGMON_LINK);

    UNREFERENCED_PARAMETER(DriverObject);

    PsSetCreateProcessNotifyRoutineEx(RegMonProcessNotify, TRUE);
    CmUnRegisterCallback(g_RegMon.Cookie);

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_RegMon.DeviceObject);

    LogFree();
    DPRINT("unloaded, %u entries lost\n", g_RegMon.Lost);
}

NTSTATUS RegMonCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS RegMonIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_REGMON_READ) {
        ULONG max = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(REGMON_ENTRY);
        if (max == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ULONG n = LogRead((PREGMON_ENTRY)Irp->AssociatedIrp.SystemBuffer, max);
            info = (ULONG_PTR)n * sizeof(REGMON_ENTRY);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
