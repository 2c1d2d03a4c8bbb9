// driver.cpp - hvaudit DriverEntry, Unload, dispatch.

#include "hvaudit.h"
#include "driver.tmh"

HVA_CONTEXT g_Hva;

static void
HvaTeardown(_In_ PDRIVER_OBJECT DriverObject)
{
    if (g_Hva.LinkCreated) {
        IoDeleteSymbolicLink(&g_Hva.LinkName);
        g_Hva.LinkCreated = false;
    }

    if (g_Hva.Device != nullptr) {
        IoDeleteDevice(g_Hva.Device);
        g_Hva.Device = nullptr;
    }

    HvaUnregisterProviders();

    if (g_Hva.WppStarted) {
        WPP_CLEANUP(DriverObject);
        g_Hva.WppStarted = false;
    }
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RtlZeroMemory(&g_Hva, sizeof(g_Hva));
    RtlInitUnicodeString(&g_Hva.LinkName, HVA_LINK_NAME);

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    g_Hva.WppStarted = true;

    DbgTrace(TRACE_LEVEL_INFORMATION, DBG_INIT, "hvaudit loading");

    // Event providers are best effort: records are dropped if ETW is not
    // available, the IOCTL interface still works.
    (void)HvaRegisterProviders();

    UNICODE_STRING deviceName;
    RtlInitUnicodeString(&deviceName, HVA_DEVICE_NAME);

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g_Hva.Device);
    if (!NT_SUCCESS(status)) {
        DbgTrace(TRACE_LEVEL_ERROR, DBG_INIT, "IoCreateDevice %!STATUS!", status);
        g_Hva.Device = nullptr;
        HvaTeardown(DriverObject);
        return status;
    }
    g_Hva.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_Hva.LinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        DbgTrace(TRACE_LEVEL_ERROR, DBG_INIT, "IoCreateSymbolicLink %!STATUS!", status);
        HvaTeardown(DriverObject);
        return status;
    }
    g_Hva.LinkCreated = true;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = HvaCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = HvaCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HvaDeviceControl;
    DriverObject->DriverUnload = HvaUnload;

    g_Hva.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    DbgTrace(TRACE_LEVEL_INFORMATION, DBG_INIT, "hvaudit loaded");
    return STATUS_SUCCESS;
}

extern "C"
VOID
HvaUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    DbgTrace(TRACE_LEVEL_INFORMATION, DBG_INIT, "hvaudit unloading after %I64d records", g_Hva.Records);
    HvaTeardown(DriverObject);
}

static NTSTATUS
HvaComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status      = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

extern "C"
NTSTATUS
HvaCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return HvaComplete(Irp, STATUS_SUCCESS, 0);
}

extern "C"
NTSTATUS
HvaDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    if (stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_HVA_SUBMIT) {
        return HvaComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    ULONG len = stack->Parameters.DeviceIoControl.InputBufferLength;
    if (len < FIELD_OFFSET(HVA_RECORD, Text) || len > HVA_MAX_RECORD) {
        return HvaComplete(Irp, STATUS_INVALID_BUFFER_SIZE, 0);
    }

    auto record = static_cast<const HVA_RECORD*>(Irp->AssociatedIrp.SystemBuffer);
    if (record->TextBytes > len - FIELD_OFFSET(HVA_RECORD, Text) || (record->TextBytes & 1) != 0) {
        return HvaComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    }

    HvaWriteRecord(record);
    InterlockedIncrement64(&g_Hva.Records);

    DbgTrace(TRACE_LEVEL_VERBOSE, DBG_IOCTL, "record kind %u severity %u", record->Kind, record->Severity);
    return HvaComplete(Irp, STATUS_SUCCESS, 0);
}
