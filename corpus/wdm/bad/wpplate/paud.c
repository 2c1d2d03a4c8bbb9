/*
 * paud.c (violating) - the process auditor of ../../wpplate, traced with WPP. Its own trace
 * functions return: RETURN_NTSTATUS_IF_FAILED on failure only, and
 * RETURN_STATUS_SUCCESS always, which ends DriverEntry. Their PRE and POST
 * macros come from tracehooks.h, included after the .tmh header.
 *
 * BUG (DE006): the device is created with RETURN_NTSTATUS_IF_FAILED after
 * the process callback is registered and tracing started; its failure
 * returns with both still in place.
 */

#include <ntddk.h>
#include "trace.h"
#include "paud.tmh"
#include "tracehooks.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PaudUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PaudCreateClose;

static LONG PaudProcesses;

static VOID
PaudProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);
    if (CreateInfo != NULL) {
        InterlockedIncrement(&PaudProcesses);
    }
}

NTSTATUS
PaudCreateClose(
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
PaudUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PsSetCreateProcessNotifyRoutineEx(PaudProcessNotify, TRUE);
    IoDeleteDevice(DriverObject->DeviceObject);
    WPP_CLEANUP(DriverObject);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PDEVICE_OBJECT device;

    RETURN_NTSTATUS_IF_FAILED(PsSetCreateProcessNotifyRoutineEx(PaudProcessNotify, FALSE));
    WPP_INIT_TRACING(DriverObject, RegistryPath);

    RETURN_NTSTATUS_IF_FAILED(IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,  // expect: DE006, DE006
                                             FILE_DEVICE_SECURE_OPEN, FALSE, &device));

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PaudCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PaudCreateClose;
    DriverObject->DriverUnload = PaudUnload;
    RETURN_STATUS_SUCCESS();
}
