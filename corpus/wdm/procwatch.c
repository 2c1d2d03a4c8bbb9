/*
 * procwatch.c - process-start auditing driver: a process-creation callback and
 * a control device for the user-mode service that drains the audit ring.
 *
 * Conforming: when the device cannot be created after the callback was
 * registered, DriverEntry removes the callback with
 * PsSetCreateProcessNotifyRoutineEx(..., TRUE) and does not look at that
 * status - removing a callback this driver registered cannot fail in a way it
 * could act on, and Microsoft's samples ignore it too (DE005 must not report
 * the removal; it does report a registration whose status is discarded).
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PwUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PwCreateClose;

static PDEVICE_OBJECT PwDevice;

static VOID
PwOnProcess(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(CreateInfo);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING name;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = PsSetCreateProcessNotifyRoutineEx(PwOnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&name, L"\\Device\\ProcWatch");
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &PwDevice);
    if (!NT_SUCCESS(status)) {
        PsSetCreateProcessNotifyRoutineEx(PwOnProcess, TRUE);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PwCreateClose;
    DriverObject->DriverUnload = PwUnload;
    return STATUS_SUCCESS;
}

NTSTATUS
PwCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
PwUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutineEx(PwOnProcess, TRUE);
    IoDeleteDevice(PwDevice);
}
