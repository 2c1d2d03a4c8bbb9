/*
 * driver.c - DriverEntry, unload and the query device of SysHeartbeat.
 */
#include <ntddk.h>
#include <initguid.h>
#include "heartbeat.h"

HB_GLOBALS g_Hb;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, HbUnload)
#endif

static NTSTATUS
HbCreateDevice(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING  deviceName;
    NTSTATUS        status;

    RtlInitUnicodeString(&deviceName, HB_DEVICE_NAME);
    status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Hb.Device);
    if (!NT_SUCCESS(status)) {
        g_Hb.Device = NULL;
        return status;
    }

    RtlInitUnicodeString(&g_Hb.LinkName, HB_LINK_NAME);
    status = IoCreateSymbolicLink(&g_Hb.LinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Hb.Device);
        g_Hb.Device = NULL;
        return status;
    }
    g_Hb.LinkCreated = TRUE;

    g_Hb.Device->Flags |= DO_BUFFERED_IO;
    g_Hb.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static VOID
HbDeleteDevice(VOID)
{
    if (g_Hb.LinkCreated) {
        IoDeleteSymbolicLink(&g_Hb.LinkName);
        g_Hb.LinkCreated = FALSE;
    }
    if (g_Hb.Device != NULL) {
        IoDeleteDevice(g_Hb.Device);
        g_Hb.Device = NULL;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Hb, sizeof(g_Hb));

    /* ETW is optional: without it samples are still kept and dumped. */
    if (!NT_SUCCESS(EtwRegister(&HB_PROVIDER_GUID, NULL, NULL, &g_Hb.EtwHandle))) {
        g_Hb.EtwHandle = 0;
    }

    status = HbStateCreate(&g_Hb.State);
    if (!NT_SUCCESS(status)) {
        goto ErrorEtw;
    }

    status = HbCreateDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        goto ErrorState;
    }

    status = HbRegisterPowerCallback(g_Hb.State);
    if (!NT_SUCCESS(status)) {
        goto ErrorDevice;
    }

    status = HbStartWorker(g_Hb.State);
    if (!NT_SUCCESS(status)) {
        goto ErrorPower;
    }

    /* Dump data is best effort. */
    if (!HbRegisterBugCheckCallback()) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL,
                   "sysheartbeat: no secondary dump data\n");
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = HbDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = HbDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HbDispatchDeviceControl;
    DriverObject->DriverUnload                         = HbUnload;

    return STATUS_SUCCESS;

ErrorPower:
    HbUnregisterPowerCallback();
ErrorDevice:
    HbDeleteDevice();
ErrorState:
    HbStateDereference(g_Hb.State);
    g_Hb.State = NULL;
ErrorEtw:
    if (g_Hb.EtwHandle != 0) {
        EtwUnregister(g_Hb.EtwHandle);
        g_Hb.EtwHandle = 0;
    }
    return status;
}

VOID
HbUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    HbDeregisterBugCheckCallback();
    HbStopWorker();                     /* drops the thread's reference */
    HbUnregisterPowerCallback();        /* drops the callback's reference */
    HbDeleteDevice();

    HbStateDereference(g_Hb.State);     /* the driver's own reference */
    g_Hb.State = NULL;

    if (g_Hb.EtwHandle != 0) {
        EtwUnregister(g_Hb.EtwHandle);
        g_Hb.EtwHandle = 0;
    }
}

NTSTATUS
HbDispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
HbDispatchDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (irpSp->Parameters.DeviceIoControl.IoControlCode != IOCTL_HB_GET_LAST) {
        status = STATUS_INVALID_DEVICE_REQUEST;
    } else if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(HB_SAMPLE)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else if (!HbStateGetLast(g_Hb.State, (PHB_SAMPLE)Irp->AssociatedIrp.SystemBuffer)) {
        status = STATUS_NO_MORE_ENTRIES;
    } else {
        status = STATUS_SUCCESS;
        info = sizeof(HB_SAMPLE);
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
