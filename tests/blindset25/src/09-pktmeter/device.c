/*
 * device.c - the \\.\PktMeter control device (NdisRegisterDeviceEx)
 *
 * Copyright (c) PktMeter contributors. MIT licensed.
 */
#include "precomp.h"

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) _Dispatch_type_(IRP_MJ_CLEANUP)
static DRIVER_DISPATCH PmDispatchOpenClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH PmDispatchDeviceControl;

#pragma alloc_text(PAGE, PmRegisterDevice)
#pragma alloc_text(PAGE, PmDeregisterDevice)

/* only SYSTEM and Administrators may talk to the filter */
static const UNICODE_STRING g_PmDeviceSddl = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GA;;;BA)");

NDIS_STATUS PmRegisterDevice(VOID)
{
    NDIS_STATUS status;
    NDIS_DEVICE_OBJECT_ATTRIBUTES attributes;
    PDRIVER_DISPATCH dispatchTable[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_STRING deviceName = RTL_CONSTANT_STRING(PM_DEVICE_NAME);
    NDIS_STRING linkName = RTL_CONSTANT_STRING(PM_LINK_NAME);

    PAGED_CODE();

    NdisZeroMemory(dispatchTable, sizeof(dispatchTable));
    dispatchTable[IRP_MJ_CREATE] = PmDispatchOpenClose;
    dispatchTable[IRP_MJ_CLEANUP] = PmDispatchOpenClose;
    dispatchTable[IRP_MJ_CLOSE] = PmDispatchOpenClose;
    dispatchTable[IRP_MJ_DEVICE_CONTROL] = PmDispatchDeviceControl;

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attributes.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attributes.Header.Size = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attributes.DeviceName = &deviceName;
    attributes.SymbolicName = &linkName;
    attributes.MajorFunctions = &dispatchTable[0];
    attributes.ExtensionSize = 0;
    attributes.DefaultSDDLString = &g_PmDeviceSddl;
    attributes.DeviceClassGuid = NULL;

    status = NdisRegisterDeviceEx(g_Pm.FilterDriverHandle, &attributes, &g_Pm.DeviceObject, &g_Pm.DeviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        g_Pm.DeviceObject = NULL;
        g_Pm.DeviceHandle = NULL;
    }
    return status;
}

VOID PmDeregisterDevice(VOID)
{
    PAGED_CODE();

    if (g_Pm.DeviceHandle != NULL) {
        NdisDeregisterDeviceEx(g_Pm.DeviceHandle);
        g_Pm.DeviceHandle = NULL;
        g_Pm.DeviceObject = NULL;
    }
}

static NTSTATUS PmCompleteIrp(_Inout_ PIRP Irp, _In_ NTSTATUS Status, _In_ ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

_Use_decl_annotations_
static NTSTATUS PmDispatchOpenClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return PmCompleteIrp(Irp, STATUS_SUCCESS, 0);
}

_Use_decl_annotations_
static NTSTATUS PmDispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PPM_STATS_ENTRY entries = (PPM_STATS_ENTRY)Irp->AssociatedIrp.SystemBuffer;
    ULONG maxEntries;
    ULONG count = 0;
    PLIST_ENTRY link;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_PM_QUERY_STATS) {
        return PmCompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    maxEntries = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(PM_STATS_ENTRY);
    if (maxEntries == 0) {
        return PmCompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }
    if (maxEntries > g_Pm.Config->MaxReportedModules) {
        maxEntries = g_Pm.Config->MaxReportedModules;
    }

    NdisAcquireSpinLock(&g_Pm.Lock);
    for (link = g_Pm.ModuleList.Flink; link != &g_Pm.ModuleList && count < maxEntries; link = link->Flink) {
        PPM_FILTER_MODULE module = CONTAINING_RECORD(link, PM_FILTER_MODULE, Link);

        entries[count].IfIndex = module->IfIndex;
        entries[count].State = (ULONG)module->State;
        entries[count].TxPackets = (ULONG64)module->TxPackets;
        entries[count].TxBytes = (ULONG64)module->TxBytes;
        entries[count].RxPackets = (ULONG64)module->RxPackets;
        entries[count].RxBytes = (ULONG64)module->RxBytes;
        count++;
    }
    NdisReleaseSpinLock(&g_Pm.Lock);

    return PmCompleteIrp(Irp, STATUS_SUCCESS, count * sizeof(PM_STATS_ENTRY));
}
