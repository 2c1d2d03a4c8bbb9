/* SPDX-License-Identifier: GPL-2.0
 *
 * Copyright (C) wgtun contributors. All Rights Reserved.
 */

#include "tun.h"
#include "log.h"

#pragma warning(disable : 4200)

#define TunInitUnicodeString(str, buf) \
    { \
        (str)->Length = 0; \
        (str)->MaximumLength = sizeof(buf); \
        (str)->Buffer = buf; \
    }

_IRQL_requires_max_(PASSIVE_LEVEL)
static NTSTATUS
TunMapRing(_In_ VOID *UserRing, _In_ ULONG Size, _Out_ MDL **Mdl, _Out_ TUN_RING **Ring)
{
    NTSTATUS Status = STATUS_SUCCESS;

    *Mdl = IoAllocateMdl(UserRing, Size, FALSE, FALSE, NULL);
    if (!*Mdl)
        return STATUS_INSUFFICIENT_RESOURCES;

    try
    {
        MmProbeAndLockPages(*Mdl, UserMode, IoWriteAccess);
    }
    except(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = STATUS_INVALID_USER_BUFFER;
        goto cleanupMdl;
    }

    *Ring = MmGetSystemAddressForMdlSafe(*Mdl, NormalPagePriority | MdlMappingNoExecute);
    if (!*Ring)
    {
        Status = STATUS_INSUFFICIENT_RESOURCES;
        goto cleanupPages;
    }
    return STATUS_SUCCESS;

cleanupPages:
    MmUnlockPages(*Mdl);
cleanupMdl:
    IoFreeMdl(*Mdl);
    *Mdl = NULL;
    return Status;
}

_IRQL_requires_max_(PASSIVE_LEVEL)
static VOID
TunUnmapRing(_Inout_ MDL **Mdl)
{
    if (*Mdl)
    {
        MmUnlockPages(*Mdl);
        IoFreeMdl(*Mdl);
        *Mdl = NULL;
    }
}

_Use_decl_annotations_
NTSTATUS
TunRegisterBuffers(TUN_CTX *Ctx, IRP *Irp)
{
    NTSTATUS Status;
    IO_STACK_LOCATION *Stack = IoGetCurrentIrpStackLocation(Irp);
    TUN_REGISTER_RINGS *Rrb = Irp->AssociatedIrp.SystemBuffer;

    if (Stack->Parameters.DeviceIoControl.InputBufferLength != sizeof(*Rrb))
        return STATUS_INVALID_PARAMETER;

    ExAcquireResourceExclusiveLite(&Ctx->Device.RegistrationLock, TRUE);

    if (InterlockedCompareExchangePointer((volatile PVOID *)&Ctx->Device.Owner, Stack->FileObject, NULL) != NULL)
    {
        Status = STATUS_ALREADY_INITIALIZED;
        goto cleanupLock;
    }
    KeClearEvent(&Ctx->Device.Disconnected);

    Ctx->Device.Send.Capacity = TUN_RING_CAPACITY(Rrb->Send.RingSize);
    if (Ctx->Device.Send.Capacity < TUN_MIN_RING_CAPACITY || Ctx->Device.Send.Capacity > TUN_MAX_RING_CAPACITY ||
        !TUN_IS_ALIGNED(Ctx->Device.Send.Capacity) || !Rrb->Send.TailMoved || !Rrb->Send.Ring)
    {
        Status = STATUS_INVALID_PARAMETER;
        goto cleanupResetOwner;
    }

    Status = ObReferenceObjectByHandle(
        Rrb->Send.TailMoved, EVENT_MODIFY_STATE, *ExEventObjectType, UserMode, (PVOID *)&Ctx->Device.Send.TailMoved, NULL);
    if (!NT_SUCCESS(Status))
        goto cleanupResetOwner;

    Status = TunMapRing(Rrb->Send.Ring, Rrb->Send.RingSize, &Ctx->Device.Send.Mdl, &Ctx->Device.Send.Ring);
    if (!NT_SUCCESS(Status))
        goto cleanupSendTailMoved;

    Ctx->Device.Send.RingTail = InterlockedGetU(&Ctx->Device.Send.Ring->Tail);
    if (Ctx->Device.Send.RingTail >= Ctx->Device.Send.Capacity)
    {
        Status = STATUS_INVALID_PARAMETER;
        goto cleanupSendRing;
    }

    Ctx->Device.Receive.Capacity = TUN_RING_CAPACITY(Rrb->Receive.RingSize);
    if (Ctx->Device.Receive.Capacity < TUN_MIN_RING_CAPACITY || Ctx->Device.Receive.Capacity > TUN_MAX_RING_CAPACITY ||
        !TUN_IS_ALIGNED(Ctx->Device.Receive.Capacity) || !Rrb->Receive.TailMoved || !Rrb->Receive.Ring)
    {
        Status = STATUS_INVALID_PARAMETER;
        goto cleanupSendRing;
    }

    Status = ObReferenceObjectByHandle(
        Rrb->Receive.TailMoved, SYNCHRONIZE | EVENT_MODIFY_STATE, *ExEventObjectType, UserMode,
        (PVOID *)&Ctx->Device.Receive.TailMoved, NULL);
    if (!NT_SUCCESS(Status))
        goto cleanupSendRing;

    Status = TunMapRing(Rrb->Receive.Ring, Rrb->Receive.RingSize, &Ctx->Device.Receive.Mdl, &Ctx->Device.Receive.Ring);
    if (!NT_SUCCESS(Status))
        goto cleanupReceiveTailMoved;

    ExReleaseResourceLite(&Ctx->Device.RegistrationLock);
    return STATUS_SUCCESS;

cleanupReceiveTailMoved:
    ObDereferenceObject(Ctx->Device.Receive.TailMoved);
    Ctx->Device.Receive.TailMoved = NULL;
cleanupSendRing:
    TunUnmapRing(&Ctx->Device.Send.Mdl);
cleanupSendTailMoved:
    ObDereferenceObject(Ctx->Device.Send.TailMoved);
    Ctx->Device.Send.TailMoved = NULL;
cleanupResetOwner:
    InterlockedExchangePointer((volatile PVOID *)&Ctx->Device.Owner, NULL);
    KeSetEvent(&Ctx->Device.Disconnected, IO_NO_INCREMENT, FALSE);
cleanupLock:
    ExReleaseResourceLite(&Ctx->Device.RegistrationLock);
    return Status;
}

_Use_decl_annotations_
VOID
TunUnregisterBuffers(TUN_CTX *Ctx, FILE_OBJECT *Owner)
{
    if (!Owner)
        return;

    ExAcquireResourceExclusiveLite(&Ctx->Device.RegistrationLock, TRUE);
    if (InterlockedCompareExchangePointer((volatile PVOID *)&Ctx->Device.Owner, NULL, Owner) != Owner)
    {
        ExReleaseResourceLite(&Ctx->Device.RegistrationLock);
        return;
    }

    ExReleaseSpinLockExclusive(&Ctx->TransitionLock, ExAcquireSpinLockExclusive(&Ctx->TransitionLock));

    IoAcquireRemoveLock(&Ctx->Device.Receive.ActiveNbls.Lock, NULL);
    IoReleaseRemoveLockAndWait(&Ctx->Device.Receive.ActiveNbls.Lock, NULL);
    IoInitializeRemoveLock(&Ctx->Device.Receive.ActiveNbls.Lock, TUN_MEMORY_TAG, 0, 0);

    TunUnmapRing(&Ctx->Device.Receive.Mdl);
    ObDereferenceObject(Ctx->Device.Receive.TailMoved);
    TunUnmapRing(&Ctx->Device.Send.Mdl);
    ObDereferenceObject(Ctx->Device.Send.TailMoved);

    KeSetEvent(&Ctx->Device.Disconnected, IO_NO_INCREMENT, FALSE);
    ExReleaseResourceLite(&Ctx->Device.RegistrationLock);
}

_Use_decl_annotations_
VOID
TunProcessSend(TUN_CTX *Ctx, NET_BUFFER_LIST *NetBufferLists)
{
    KLOCK_QUEUE_HANDLE LockHandle;
    TUN_RING *Ring = Ctx->Device.Send.Ring;
    ULONG RingCapacity = Ctx->Device.Send.Capacity;
    LONG64 SentBytes = 0, SentPackets = 0, Discarded = 0;

    KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ctx->Device.Send.Lock, &LockHandle);
    for (NET_BUFFER_LIST *Nbl = NetBufferLists; Nbl; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl))
    {
        for (NET_BUFFER *Nb = NET_BUFFER_LIST_FIRST_NB(Nbl); Nb; Nb = NET_BUFFER_NEXT_NB(Nb))
        {
            ULONG PacketSize = NET_BUFFER_DATA_LENGTH(Nb);
            ULONG AlignedSize = TUN_ALIGN(sizeof(TUN_PACKET) + PacketSize);
            ULONG RingHead = InterlockedGetU(&Ring->Head);
            ULONG Space = (RingHead - Ctx->Device.Send.RingTail - TUN_ALIGNMENT) & (RingCapacity - 1);

            if (PacketSize > TUN_MAX_IP_PACKET_SIZE || AlignedSize > Space)
            {
                ++Discarded;
                continue;
            }

            TUN_PACKET *Packet = (TUN_PACKET *)(Ring->Data + Ctx->Device.Send.RingTail);
            Packet->Size = PacketSize;
            VOID *Data = NdisGetDataBuffer(Nb, PacketSize, Packet->Data, 1, 0);
            if (Data != Packet->Data && Data)
                NdisMoveMemory(Packet->Data, Data, PacketSize);

            Ctx->Device.Send.RingTail = (Ctx->Device.Send.RingTail + AlignedSize) & (RingCapacity - 1);
            SentBytes += PacketSize;
            ++SentPackets;
        }
        NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_SUCCESS;
    }
    InterlockedExchangeU(&Ring->Tail, Ctx->Device.Send.RingTail);
    if (InterlockedGet(&Ring->Alertable))
        KeSetEvent(Ctx->Device.Send.TailMoved, IO_NETWORK_INCREMENT, FALSE);
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&LockHandle);

    InterlockedAdd64((LONG64 *)&Ctx->Statistics.ifHCOutOctets, SentBytes);
    InterlockedAdd64((LONG64 *)&Ctx->Statistics.ifHCOutUcastPkts, SentPackets);
    InterlockedAdd64((LONG64 *)&Ctx->Statistics.ifOutDiscards, Discarded);

    NdisMSendNetBufferListsComplete(Ctx->MiniportAdapterHandle, NetBufferLists, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
}

_Use_decl_annotations_
VOID
TunForceHandlesClosed(DEVICE_OBJECT *DeviceObject)
{
    TUN_CTX *Ctx = DeviceObject->Reserved;
    if (Ctx)
        TunUnregisterBuffers(Ctx, Ctx->Device.Owner);
}

_Use_decl_annotations_
NTSTATUS
TunDispatchDeviceControl(DEVICE_OBJECT *DeviceObject, IRP *Irp)
{
    IO_STACK_LOCATION *Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status;

    if (Stack->Parameters.DeviceIoControl.IoControlCode != TUN_IOCTL_REGISTER_RINGS &&
        Stack->Parameters.DeviceIoControl.IoControlCode != TUN_IOCTL_FORCE_CLOSE_HANDLES)
        return NdisDispatchDeviceControl(DeviceObject, Irp);

    SECURITY_SUBJECT_CONTEXT SubjectContext;
    SeCaptureSubjectContext(&SubjectContext);
    BOOLEAN IsAdmin = SeTokenIsAdmin(SeQuerySubjectContextToken(&SubjectContext));
    SeReleaseSubjectContext(&SubjectContext);
    if (TunSettings.StrictOwnerCheck && !IsAdmin)
    {
        Status = STATUS_ACCESS_DENIED;
        goto cleanup;
    }

    ExAcquireResourceSharedLite(&TunDispatchCtxGuard, TRUE);
    TUN_CTX *Ctx = DeviceObject->Reserved;
    if (!Ctx)
    {
        Status = STATUS_INVALID_HANDLE;
        goto cleanupGuard;
    }

    switch (Stack->Parameters.DeviceIoControl.IoControlCode)
    {
    case TUN_IOCTL_REGISTER_RINGS:
        Status = TunRegisterBuffers(Ctx, Irp);
        break;
    case TUN_IOCTL_FORCE_CLOSE_HANDLES:
        TunForceHandlesClosed(DeviceObject);
        Status = STATUS_SUCCESS;
        break;
    default:
        Status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

cleanupGuard:
    ExReleaseResourceLite(&TunDispatchCtxGuard);
cleanup:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

_Use_decl_annotations_
NTSTATUS
TunDispatchClose(DEVICE_OBJECT *DeviceObject, IRP *Irp)
{
    ExAcquireResourceSharedLite(&TunDispatchCtxGuard, TRUE);
    TUN_CTX *Ctx = DeviceObject->Reserved;
    if (Ctx)
        TunUnregisterBuffers(Ctx, IoGetCurrentIrpStackLocation(Irp)->FileObject);
    ExReleaseResourceLite(&TunDispatchCtxGuard);
    return NdisDispatchClose(DeviceObject, Irp);
}

_Use_decl_annotations_
NTSTATUS
TunDispatchPnP(DEVICE_OBJECT *DeviceObject, IRP *Irp)
{
    IO_STACK_LOCATION *Stack = IoGetCurrentIrpStackLocation(Irp);
    if (Stack->MajorFunction == IRP_MJ_PNP && Stack->MinorFunction == IRP_MN_QUERY_REMOVE_DEVICE)
    {
        ExAcquireResourceSharedLite(&TunDispatchCtxGuard, TRUE);
        TUN_CTX *Ctx = DeviceObject->Reserved;
        if (Ctx)
            TunForceHandlesClosed(DeviceObject);
        ExReleaseResourceLite(&TunDispatchCtxGuard);
    }
    return NdisDispatchPnp(DeviceObject, Irp);
}
