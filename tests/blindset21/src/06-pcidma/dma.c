/*++
Module Name:
    dma.c

Abstract:
    Hardware resources, interrupt handling and scatter/gather DMA for the
    PX-200 board.
--*/
#include "pcidma.h"

static DRIVER_LIST_CONTROL PdProgramScatterGather;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PdStartHardware)
#pragma alloc_text(PAGE, PdStopHardware)
#endif

__forceinline
ULONG
PdReadReg(
    _In_ PPD_DEVICE_EXTENSION Ext,
    _In_ ULONG Offset
    )
{
    return READ_REGISTER_ULONG((volatile ULONG *)(Ext->Registers + Offset));
}

__forceinline
VOID
PdWriteReg(
    _In_ PPD_DEVICE_EXTENSION Ext,
    _In_ ULONG Offset,
    _In_ ULONG Value
    )
{
    WRITE_REGISTER_ULONG((volatile ULONG *)(Ext->Registers + Offset), Value);
}

_Use_decl_annotations_
NTSTATUS
PdStartHardware(
    PPD_DEVICE_EXTENSION Ext,
    PCM_RESOURCE_LIST    Raw,
    PCM_RESOURCE_LIST    Translated
    )
{
    NTSTATUS                         status;
    PCM_PARTIAL_RESOURCE_LIST        list;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR  desc;
    ULONG                            i;
    BOOLEAN                          haveInterrupt = FALSE;
    IO_CONNECT_INTERRUPT_PARAMETERS  connect;
    DEVICE_DESCRIPTION               dd;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(Raw);

    if (Translated == NULL || Translated->Count == 0) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    list = &Translated->List[0].PartialResourceList;

    for (i = 0; i < list->Count; i++) {
        desc = &list->PartialDescriptors[i];

        switch (desc->Type) {
        case CmResourceTypeMemory:
            if (Ext->Registers == NULL && desc->u.Memory.Length >= PD_BAR0_MIN_LENGTH) {
                Ext->Registers = (PUCHAR)MmMapIoSpaceEx(desc->u.Memory.Start,
                                                        desc->u.Memory.Length,
                                                        PAGE_READWRITE | PAGE_NOCACHE);
                if (Ext->Registers == NULL) {
                    status = STATUS_INSUFFICIENT_RESOURCES;
                    goto Fail;
                }
                Ext->RegistersLength = desc->u.Memory.Length;
            }
            break;

        case CmResourceTypeInterrupt:
            haveInterrupt = TRUE;
            break;

        default:
            break;
        }
    }

    if (Ext->Registers == NULL || !haveInterrupt) {
        status = STATUS_DEVICE_CONFIGURATION_ERROR;
        goto Fail;
    }

    //
    // Quiesce the board before connecting the ISR.
    //
    PdWriteReg(Ext, PD_REG_INT_MASK, 0);
    PdWriteReg(Ext, PD_REG_CONTROL, PD_CONTROL_RESET);

    RtlZeroMemory(&connect, sizeof(connect));
    connect.Version = CONNECT_MESSAGE_BASED;
    connect.MessageBased.PhysicalDeviceObject = Ext->Pdo;
    connect.MessageBased.ConnectionContext.Generic = &Ext->InterruptConnectionContext;
    connect.MessageBased.MessageServiceRoutine = PdMessageService;
    connect.MessageBased.FallBackServiceRoutine = PdInterruptService;
    connect.MessageBased.ServiceContext = Ext;
    connect.MessageBased.SynchronizeIrql = 0;
    connect.MessageBased.FloatingSave = FALSE;

    status = IoConnectInterruptEx(&connect);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    Ext->InterruptVersion = connect.Version;

    RtlZeroMemory(&dd, sizeof(dd));
    dd.Version = DEVICE_DESCRIPTION_VERSION3;
    dd.Master = TRUE;
    dd.ScatterGather = TRUE;
    dd.Dma64BitAddresses = TRUE;
    dd.InterfaceType = PCIBus;
    dd.MaximumLength = g_Pd.MaxTransferSize;
    dd.DmaAddressWidth = 64;

    Ext->MapRegisterCount = PD_MAX_MAP_REGISTERS;
    Ext->DmaAdapter = IoGetDmaAdapter(Ext->Pdo, &dd, &Ext->MapRegisterCount);
    if (Ext->DmaAdapter == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Fail;
    }

    PdWriteReg(Ext, PD_REG_CONTROL, PD_CONTROL_ENABLE);
    PdWriteReg(Ext, PD_REG_INT_MASK, PD_STATUS_DMA_DONE | PD_STATUS_DMA_ERROR);

    Ext->Started = TRUE;
    PD_INFO("started: bar0 %p len 0x%Ix, %lu map registers",
            Ext->Registers, Ext->RegistersLength, Ext->MapRegisterCount);
    return STATUS_SUCCESS;

Fail:
    PdStopHardware(Ext);
    return status;
}

_Use_decl_annotations_
VOID
PdStopHardware(
    PPD_DEVICE_EXTENSION Ext
    )
{
    IO_DISCONNECT_INTERRUPT_PARAMETERS disconnect;

    PAGED_CODE();

    Ext->Started = FALSE;

    if (Ext->Registers != NULL) {
        PdWriteReg(Ext, PD_REG_INT_MASK, 0);
        PdWriteReg(Ext, PD_REG_CONTROL, PD_CONTROL_RESET);
    }

    if (Ext->InterruptConnectionContext != NULL) {
        RtlZeroMemory(&disconnect, sizeof(disconnect));
        disconnect.Version = Ext->InterruptVersion;
        disconnect.ConnectionContext.Generic = Ext->InterruptConnectionContext;
        IoDisconnectInterruptEx(&disconnect);
        Ext->InterruptConnectionContext = NULL;
    }

    if (Ext->DmaAdapter != NULL) {
        Ext->DmaAdapter->DmaOperations->PutDmaAdapter(Ext->DmaAdapter);
        Ext->DmaAdapter = NULL;
    }

    if (Ext->Registers != NULL) {
        MmUnmapIoSpace(Ext->Registers, Ext->RegistersLength);
        Ext->Registers = NULL;
        Ext->RegistersLength = 0;
    }
}

_Use_decl_annotations_
BOOLEAN
PdInterruptService(
    PKINTERRUPT Interrupt,
    PVOID       ServiceContext
    )
{
    PPD_DEVICE_EXTENSION ext = (PPD_DEVICE_EXTENSION)ServiceContext;
    ULONG                status;

    UNREFERENCED_PARAMETER(Interrupt);

    if (!ext->Started) {
        return FALSE;
    }

    status = PdReadReg(ext, PD_REG_STATUS);
    if ((status & (PD_STATUS_DMA_DONE | PD_STATUS_DMA_ERROR)) == 0) {
        return FALSE;
    }

    //
    // Acknowledge (write-1-to-clear) and defer completion.
    //
    PdWriteReg(ext, PD_REG_STATUS, status);
    ext->LatchedStatus = status;

    IoRequestDpc(ext->Self, ext->Current != NULL ? ext->Current->Irp : NULL, ext);
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
PdMessageService(
    PKINTERRUPT Interrupt,
    PVOID       ServiceContext,
    ULONG       MessageId
    )
{
    UNREFERENCED_PARAMETER(MessageId);

    //
    // Single-vector device: all messages share the line-based handler.
    //
    return PdInterruptService(Interrupt, ServiceContext);
}

_Use_decl_annotations_
VOID
PdCompletionDpc(
    PKDPC          Dpc,
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp,
    PVOID          Context
    )
{
    PDEVICE_OBJECT       fdo = DeviceObject;
    PPD_DEVICE_EXTENSION ext = (PPD_DEVICE_EXTENSION)Context;
    PPD_TRANSFER         transfer;
    PIRP                 irp;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Irp);

    transfer = ext->Current;
    if (transfer == NULL) {
        return;
    }
    ext->Current = NULL;
    irp = transfer->Irp;

    ext->DmaAdapter->DmaOperations->PutScatterGatherList(
        ext->DmaAdapter,
        (PSCATTER_GATHER_LIST)irp->Tail.Overlay.DriverContext[0],
        transfer->WriteToDevice);

    if (ext->LatchedStatus & PD_STATUS_DMA_ERROR) {
        irp->IoStatus.Status = STATUS_DEVICE_DATA_ERROR;
        irp->IoStatus.Information = 0;
    } else {
        irp->IoStatus.Status = STATUS_SUCCESS;
        irp->IoStatus.Information = transfer->Length;
    }

    ExFreeToNPagedLookasideList(&g_Pd.TransferLookaside, transfer);

    IoStartNextPacket(fdo, FALSE);
    IoReleaseRemoveLock(&ext->RemoveLock, irp);
    IoCompleteRequest(irp, IO_NO_INCREMENT);
}

_Use_decl_annotations_
NTSTATUS
PdDispatchReadWrite(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PPD_DEVICE_EXTENSION ext = (PPD_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION   stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG                length;
    NTSTATUS             status;

    length = (stack->MajorFunction == IRP_MJ_READ) ? stack->Parameters.Read.Length
                                                    : stack->Parameters.Write.Length;

    if (length == 0 || length > g_Pd.MaxTransferSize || Irp->MdlAddress == NULL) {
        status = STATUS_INVALID_PARAMETER;
        goto Complete;
    }

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        goto Complete;
    }

    if (!ext->Started) {
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        status = STATUS_DEVICE_NOT_READY;
        goto Complete;
    }

    IoMarkIrpPending(Irp);
    IoStartPacket(DeviceObject, Irp, NULL, NULL);
    return STATUS_PENDING;

Complete:
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static
_Use_decl_annotations_
VOID
PdProgramScatterGather(
    PDEVICE_OBJECT       DeviceObject,
    PIRP                 Irp,
    PSCATTER_GATHER_LIST ScatterGather,
    PVOID                Context
    )
{
    PPD_DEVICE_EXTENSION ext = (PPD_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PHYSICAL_ADDRESS     listAddress;

    UNREFERENCED_PARAMETER(Irp);

    ext->Current = (PPD_TRANSFER)Context;
    ext->Current->Irp->Tail.Overlay.DriverContext[0] = ScatterGather;

    //
    // The board walks SCATTER_GATHER_ELEMENT entries directly.
    //
    listAddress = MmGetPhysicalAddress(ScatterGather->Elements);
    PdWriteReg(ext, PD_REG_SG_ADDR_LO, listAddress.LowPart);
    PdWriteReg(ext, PD_REG_SG_ADDR_HI, (ULONG)listAddress.HighPart);
    PdWriteReg(ext, PD_REG_SG_COUNT, ScatterGather->NumberOfElements);
    PdWriteReg(ext, PD_REG_DOORBELL, ext->Current->WriteToDevice ? 2 : 1);
}

_Use_decl_annotations_
VOID
PdStartIo(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PPD_DEVICE_EXTENSION ext = (PPD_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION   stack = IoGetCurrentIrpStackLocation(Irp);
    PPD_TRANSFER         transfer;
    NTSTATUS             status;

    transfer = (PPD_TRANSFER)ExAllocateFromNPagedLookasideList(&g_Pd.TransferLookaside);
    if (transfer == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Fail;
    }

    transfer->Irp = Irp;
    transfer->WriteToDevice = (stack->MajorFunction == IRP_MJ_WRITE);
    transfer->Length = MmGetMdlByteCount(Irp->MdlAddress);

    status = ext->DmaAdapter->DmaOperations->GetScatterGatherList(
        ext->DmaAdapter,
        DeviceObject,
        Irp->MdlAddress,
        MmGetMdlVirtualAddress(Irp->MdlAddress),
        transfer->Length,
        PdProgramScatterGather,
        transfer,
        transfer->WriteToDevice);
    if (NT_SUCCESS(status)) {
        return;
    }

    ExFreeToNPagedLookasideList(&g_Pd.TransferLookaside, transfer);

Fail:
    IoStartNextPacket(DeviceObject, FALSE);
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}
