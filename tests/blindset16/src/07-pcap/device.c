/*++

Copyright (c) PcapLwf contributors.

Module Name:

    device.c

Abstract:

    Control device registered through NdisRegisterDeviceEx. Each handle is a
    capture "open" that binds to one filter module and reads records.

--*/

#include "filter.h"
#include "trace.h"
#include "device.tmh"

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_CLEANUP)
static DRIVER_DISPATCH PcapDispatch;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH PcapDeviceIoControl;

_Dispatch_type_(IRP_MJ_READ)
static DRIVER_DISPATCH PcapRead;

#pragma alloc_text(PAGE, PcapRegisterDevice)
#pragma alloc_text(PAGE, PcapDeregisterDevice)

_Use_decl_annotations_
NDIS_STATUS
PcapRegisterDevice(
    VOID
    )
{
    NDIS_STATUS                     Status;
    UNICODE_STRING                  DeviceName;
    UNICODE_STRING                  DeviceLinkUnicodeString;
    PDRIVER_DISPATCH                DispatchTable[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_DEVICE_OBJECT_ATTRIBUTES   DeviceAttribute;

    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_DEVICE, "==>PcapRegisterDevice");

    NdisZeroMemory(DispatchTable, (IRP_MJ_MAXIMUM_FUNCTION + 1) * sizeof(PDRIVER_DISPATCH));

    DispatchTable[IRP_MJ_CREATE] = PcapDispatch;
    DispatchTable[IRP_MJ_CLEANUP] = PcapDispatch;
    DispatchTable[IRP_MJ_CLOSE] = PcapDispatch;
    DispatchTable[IRP_MJ_DEVICE_CONTROL] = PcapDeviceIoControl;
    DispatchTable[IRP_MJ_READ] = PcapRead;

    NdisInitUnicodeString(&DeviceName, PCAP_DEVICE_NAME);
    NdisInitUnicodeString(&DeviceLinkUnicodeString, PCAP_LINK_NAME);

    NdisZeroMemory(&DeviceAttribute, sizeof(NDIS_DEVICE_OBJECT_ATTRIBUTES));

    DeviceAttribute.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    DeviceAttribute.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    DeviceAttribute.Header.Size = sizeof(NDIS_DEVICE_OBJECT_ATTRIBUTES);

    DeviceAttribute.DeviceName = &DeviceName;
    DeviceAttribute.SymbolicName = &DeviceLinkUnicodeString;
    DeviceAttribute.MajorFunctions = &DispatchTable[0];
    DeviceAttribute.ExtensionSize = 0;
    DeviceAttribute.DefaultSDDLString = &SDDL_DEVOBJ_SYS_ALL_ADM_ALL;

    Status = NdisRegisterDeviceEx(PcapGlobals.FilterDriverHandle,
                                  &DeviceAttribute,
                                  &PcapGlobals.ControlDeviceObject,
                                  &PcapGlobals.NdisDeviceHandle);

    if (Status == NDIS_STATUS_SUCCESS)
    {
        PcapGlobals.ControlDeviceObject->Flags |= DO_DIRECT_IO;
    }
    else
    {
        PcapGlobals.ControlDeviceObject = NULL;
        PcapGlobals.NdisDeviceHandle = NULL;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_DEVICE, "<==PcapRegisterDevice: %!STATUS!", Status);

    return Status;
}

_Use_decl_annotations_
VOID
PcapDeregisterDevice(
    VOID
    )
{
    PAGED_CODE();

    if (PcapGlobals.NdisDeviceHandle != NULL)
    {
        NdisDeregisterDeviceEx(PcapGlobals.NdisDeviceHandle);
    }

    PcapGlobals.NdisDeviceHandle = NULL;
    PcapGlobals.ControlDeviceObject = NULL;
}

static
PPCAP_FILTER_MODULE
PcapFindModuleByIfIndex(
    _In_ NET_IFINDEX IfIndex
    )
{
    PLIST_ENTRY Link;
    PPCAP_FILTER_MODULE Module = NULL;

    FILTER_ACQUIRE_LOCK(&PcapGlobals.FilterListLock, FALSE);
    for (Link = PcapGlobals.FilterModuleList.Flink;
         Link != &PcapGlobals.FilterModuleList;
         Link = Link->Flink)
    {
        PPCAP_FILTER_MODULE Candidate = CONTAINING_RECORD(Link, PCAP_FILTER_MODULE, FilterModuleLink);
        if (Candidate->MiniportIfIndex == IfIndex)
        {
            Candidate->RefCount++;
            Module = Candidate;
            break;
        }
    }
    FILTER_RELEASE_LOCK(&PcapGlobals.FilterListLock, FALSE);

    return Module;
}

static
VOID
PcapUnbindOpen(
    _Inout_ PPCAP_OPEN Open
    )
{
    PPCAP_FILTER_MODULE Module = Open->Module;

    if (Module == NULL)
    {
        return;
    }

    FILTER_ACQUIRE_LOCK(&Module->Lock, FALSE);
    RemoveEntryList(&Open->Link);
    FILTER_RELEASE_LOCK(&Module->Lock, FALSE);

    FILTER_ACQUIRE_LOCK(&PcapGlobals.FilterListLock, FALSE);
    Module->RefCount--;
    FILTER_RELEASE_LOCK(&PcapGlobals.FilterListLock, FALSE);

    Open->Module = NULL;
}

_Use_decl_annotations_
static NTSTATUS
PcapDispatch(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PIO_STACK_LOCATION IrpStack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status = STATUS_SUCCESS;
    PPCAP_OPEN Open;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (IrpStack->MajorFunction)
    {
        case IRP_MJ_CREATE:
            Open = ExAllocatePoolZero(NonPagedPoolNx, sizeof(PCAP_OPEN), PCAP_OPEN_TAG);
            if (Open == NULL)
            {
                Status = STATUS_INSUFFICIENT_RESOURCES;
                break;
            }
            Open->Snaplen = PcapGlobals.DefaultSnaplen;
            NdisAllocateSpinLock(&Open->QueueLock);
            InitializeListHead(&Open->Queue);
            InitializeListHead(&Open->PendingReads);
            InitializeListHead(&Open->Link);
            IrpStack->FileObject->FsContext = Open;
            break;

        case IRP_MJ_CLEANUP:
            Open = IrpStack->FileObject->FsContext;
            if (Open != NULL)
            {
                PcapUnbindOpen(Open);
                PcapOpenFlush(Open);
            }
            break;

        case IRP_MJ_CLOSE:
            Open = IrpStack->FileObject->FsContext;
            if (Open != NULL)
            {
                NdisFreeSpinLock(&Open->QueueLock);
                ExFreePoolWithTag(Open, PCAP_OPEN_TAG);
                IrpStack->FileObject->FsContext = NULL;
            }
            break;

        default:
            break;
    }

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return Status;
}

_Use_decl_annotations_
static NTSTATUS
PcapDeviceIoControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PPCAP_OPEN Open = IrpSp->FileObject->FsContext;
    PVOID Buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG InLen = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    NTSTATUS Status = STATUS_SUCCESS;
    PPCAP_FILTER_MODULE Module;

    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Information = 0;

    switch (IrpSp->Parameters.DeviceIoControl.IoControlCode)
    {
        case IOCTL_PCAP_BIND:
            if (InLen < sizeof(NET_IFINDEX) || Open->Module != NULL)
            {
                Status = STATUS_INVALID_PARAMETER;
                break;
            }
            Module = PcapFindModuleByIfIndex(*(NET_IFINDEX *)Buffer);
            if (Module == NULL)
            {
                Status = STATUS_NOT_FOUND;
                break;
            }
            Open->Module = Module;
            FILTER_ACQUIRE_LOCK(&Module->Lock, FALSE);
            InsertTailList(&Module->Opens, &Open->Link);
            FILTER_RELEASE_LOCK(&Module->Lock, FALSE);
            break;

        case IOCTL_PCAP_SET_SNAPLEN:
            if (InLen < sizeof(ULONG))
            {
                Status = STATUS_INVALID_PARAMETER;
                break;
            }
            Open->Snaplen = min(*(PULONG)Buffer, PCAP_SNAPLEN_MAX);
            break;

        default:
            Status = STATUS_INVALID_DEVICE_REQUEST;
            break;
    }

    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

_Use_decl_annotations_
static NTSTATUS
PcapRead(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PPCAP_OPEN Open = IrpSp->FileObject->FsContext;
    PPCAP_RECORD Record = NULL;
    PUCHAR Out;
    ULONG Needed;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Information = 0;

    FILTER_ACQUIRE_LOCK(&Open->QueueLock, FALSE);
    if (!IsListEmpty(&Open->Queue))
    {
        Record = CONTAINING_RECORD(RemoveHeadList(&Open->Queue), PCAP_RECORD, Link);
        Open->QueueCount--;
    }
    FILTER_RELEASE_LOCK(&Open->QueueLock, FALSE);

    if (Record == NULL)
    {
        Status = STATUS_NO_MORE_ENTRIES;
        goto Complete;
    }

    Needed = FIELD_OFFSET(PCAP_RECORD, Data) + Record->CapturedLength;
    Out = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (Out == NULL || IrpSp->Parameters.Read.Length < Needed)
    {
        Status = (Out == NULL) ? STATUS_INSUFFICIENT_RESOURCES : STATUS_BUFFER_TOO_SMALL;
    }
    else
    {
        NdisMoveMemory(Out, Record, Needed);
        Irp->IoStatus.Information = Needed;
        Status = STATUS_SUCCESS;
    }

    ExFreeToNPagedLookasideList(&PcapGlobals.RecordLookaside, Record);

Complete:
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
