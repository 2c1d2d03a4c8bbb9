/*
 * stagedown.c - a legacy WDM driver of a fan controller whose teardown is
 * one routine given the stage reached: a switch whose cases fall through,
 * from the last stage down. DriverEntry's failure paths pass the stage they
 * reached; the unload routine passes the last one.
 */

#include <ntddk.h>

typedef enum _FAN_STAGE {
    FanStageNothing = 0,
    FanStageDevice,
    FanStageLink,
    FanStageNotify,
    FanStageAll = FanStageNotify
} FAN_STAGE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FanUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH FanCreateClose;

static PDEVICE_OBJECT FanDevice;
static UNICODE_STRING FanDeviceName = RTL_CONSTANT_STRING(L"\\Device\\FanCtl");
static UNICODE_STRING FanLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\FanCtl");

static VOID
FanProcessNotify(
    _In_ HANDLE ParentId,
    _In_ HANDLE ProcessId,
    _In_ BOOLEAN Create
    )
{
    UNREFERENCED_PARAMETER(ParentId);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(Create);
}

NTSTATUS
FanCreateClose(
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

static VOID
FanTeardown(
    _In_ FAN_STAGE Reached
    )
{
    switch (Reached) {
    case FanStageNotify:
        PsSetCreateProcessNotifyRoutine(FanProcessNotify, TRUE);
        /* fall through */
    case FanStageLink:
        IoDeleteSymbolicLink(&FanLinkName);
        /* fall through */
    case FanStageDevice:
        IoDeleteDevice(FanDevice);
        break;
    default:
        break;
    }
}

VOID
FanUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    FanTeardown(FanStageAll);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = FanUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FanCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FanCreateClose;

    status = IoCreateDevice(DriverObject, 0, &FanDeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &FanDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&FanLinkName, &FanDeviceName);
    if (!NT_SUCCESS(status)) {
        FanTeardown(FanStageDevice);
        return status;
    }
    status = PsSetCreateProcessNotifyRoutine(FanProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        FanTeardown(FanStageLink);
        return status;
    }
    FanDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
