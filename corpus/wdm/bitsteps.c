/*
 * bitsteps.c - a legacy WDM driver of a barcode reader that records each
 * completed setup step as a bit of one LONG with the bit intrinsics
 * (InterlockedBitTestAndSet), and whose teardown undoes a step only when
 * InterlockedBitTestAndReset finds its bit set. DriverEntry's failure paths
 * and the unload routine share the teardown.
 *
 * Conforming: the bit of each step is set where the step succeeds, so the
 * teardown undoes exactly what was set up (DE006, DE011).
 */

#include <ntddk.h>

#define BC_STEP_DEVICE   0
#define BC_STEP_LINK     1
#define BC_STEP_CALLBACK 2

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BcUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH BcCreateClose;

static LONG BcSteps;
static PDEVICE_OBJECT BcDevice;
static UNICODE_STRING BcName = RTL_CONSTANT_STRING(L"\\Device\\Barcode");
static UNICODE_STRING BcLink = RTL_CONSTANT_STRING(L"\\DosDevices\\Barcode");

_Use_decl_annotations_
NTSTATUS
BcCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID
BcProcessNotify(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ParentId);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(Create);
}

static VOID
BcTeardown(VOID)
{
    if (InterlockedBitTestAndReset(&BcSteps, BC_STEP_CALLBACK)) {
        PsSetCreateProcessNotifyRoutine(BcProcessNotify, TRUE);
    }
    if (InterlockedBitTestAndReset(&BcSteps, BC_STEP_LINK)) {
        IoDeleteSymbolicLink(&BcLink);
    }
    if (InterlockedBitTestAndReset(&BcSteps, BC_STEP_DEVICE)) {
        IoDeleteDevice(BcDevice);
    }
}

_Use_decl_annotations_
VOID
BcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    BcTeardown();
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &BcName, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &BcDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    InterlockedBitTestAndSet(&BcSteps, BC_STEP_DEVICE);

    status = IoCreateSymbolicLink(&BcLink, &BcName);
    if (!NT_SUCCESS(status)) {
        BcTeardown();
        return status;
    }
    InterlockedBitTestAndSet(&BcSteps, BC_STEP_LINK);

    status = PsSetCreateProcessNotifyRoutine(BcProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        BcTeardown();
        return status;
    }
    InterlockedBitTestAndSet(&BcSteps, BC_STEP_CALLBACK);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BcCreateClose;
    DriverObject->DriverUnload = BcUnload;
    BcDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
