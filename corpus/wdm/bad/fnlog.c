/*
 * fnlog.c (bad) - "tempmon" as fnlog.c, but when the link cannot be created
 * the device is left behind. The leak is in the code around a log statement
 * that pastes the routine's name between literals, so it is seen only when that
 * statement is read as MSVC reads it.
 */

#include <ntddk.h>

#ifdef _MSC_VER
#define TM_FN __FUNCTION__
#else
#define TM_FN __func__
#endif
#define TM_LOG(msg) DbgPrint("tempmon: " TM_FN ": " msg "\n")

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TmUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH TmCreateClose;

static PDEVICE_OBJECT TmDevice;
static UNICODE_STRING TmName = RTL_CONSTANT_STRING(L"\\Device\\TempMon");
static UNICODE_STRING TmLink = RTL_CONSTANT_STRING(L"\\DosDevices\\TempMon");

NTSTATUS TmCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID TmUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    TM_LOG("unloading");
    IoDeleteSymbolicLink(&TmLink);
    IoDeleteDevice(TmDevice);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &TmName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &TmDevice);
    if (!NT_SUCCESS(status)) {
        TM_LOG("no device");
        return status;
    }

    status = IoCreateSymbolicLink(&TmLink, &TmName);
    if (!NT_SUCCESS(status)) {
        TM_LOG("no link");
        return status;                                  // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = TmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TmCreateClose;
    DriverObject->DriverUnload = TmUnload;
    TM_LOG("ready");
    return STATUS_SUCCESS;
}
