// ring.cpp -- RingDevice implementation

#include "ring.h"

namespace ctlring {

PDEVICE_OBJECT          RingDevice::s_Device      = nullptr;
bool                    RingDevice::s_LinkCreated = false;
NPAGED_LOOKASIDE_LIST   RingDevice::s_Lookaside;
KDPC                    RingDevice::s_Dpc;
KSPIN_LOCK              RingDevice::s_Lock;
SINGLE_LIST_ENTRY       RingDevice::s_Pending     = { nullptr };
Slot                    RingDevice::s_Slots[RING_SLOTS];
ULONG                   RingDevice::s_Head        = 0;
ULONG                   RingDevice::s_Tail        = 0;

NTSTATUS RingDevice::Create(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING ntName  = RTL_CONSTANT_STRING(RING_NT_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(RING_DOS_NAME);
    NTSTATUS       status;

    KeInitializeSpinLock(&s_Lock);
    KeInitializeDpc(&s_Dpc, CommitDpc, nullptr);
    ExInitializeNPagedLookasideList(&s_Lookaside, nullptr, nullptr,
                                    POOL_NX_ALLOCATION, sizeof(Record),
                                    RING_TAG, 0);

    status = IoCreateDevice(DriverObject, 0, &ntName, RING_DEVTYPE,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &s_Device);
    if (!NT_SUCCESS(status)) {
        TRACE(TRACE_ERR, "IoCreateDevice %08X", status);
        return status;
    }
    s_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        TRACE(TRACE_ERR, "IoCreateSymbolicLink %08X", status);
        IoDeleteDevice(s_Device);
        s_Device = nullptr;
        return status;
    }
    s_LinkCreated = true;

    s_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

void RingDevice::Destroy()
{
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(RING_DOS_NAME);

    if (s_LinkCreated) {
        IoDeleteSymbolicLink(&dosName);
        s_LinkCreated = false;
    }
    if (s_Device) {
        IoDeleteDevice(s_Device);
        s_Device = nullptr;
    }

    // give back anything the DPC has not committed yet
    KIRQL irql;
    KeAcquireSpinLock(&s_Lock, &irql);
    PSINGLE_LIST_ENTRY e = s_Pending.Next;
    s_Pending.Next = nullptr;
    KeReleaseSpinLock(&s_Lock, irql);

    while (e) {
        auto rec = CONTAINING_RECORD(e, Record, Next);
        e = e->Next;
        ExFreeToNPagedLookasideList(&s_Lookaside, rec);
    }

    ExDeleteNPagedLookasideList(&s_Lookaside);
}

NTSTATUS RingDevice::Push(const void* Data, ULONG Size)
{
    if (Size == 0 || Size > RING_PAYLOAD) {
        return STATUS_INVALID_PARAMETER;
    }

    auto rec = static_cast<Record*>(ExAllocateFromNPagedLookasideList(&s_Lookaside));
    if (!rec) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    rec->Size = Size;
    RtlCopyMemory(rec->Data, Data, Size);

    KIRQL irql;
    KeAcquireSpinLock(&s_Lock, &irql);
    PushEntryList(&s_Pending, &rec->Next);
    KeReleaseSpinLock(&s_Lock, irql);

    KeInsertQueueDpc(&s_Dpc, nullptr, nullptr);
    return STATUS_SUCCESS;
}

NTSTATUS RingDevice::Pop(void* Out, ULONG OutSize, ULONG_PTR* Written)
{
    NTSTATUS status = STATUS_NO_MORE_ENTRIES;
    KIRQL    irql;

    *Written = 0;
    KeAcquireSpinLock(&s_Lock, &irql);
    if (s_Tail != s_Head) {
        const Slot& s = s_Slots[s_Tail % RING_SLOTS];
        if (OutSize < s.Size) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            RtlCopyMemory(Out, s.Data, s.Size);
            *Written = s.Size;
            s_Tail++;
            status = STATUS_SUCCESS;
        }
    }
    KeReleaseSpinLock(&s_Lock, irql);
    return status;
}

_Use_decl_annotations_
void RingDevice::CommitDpc(PKDPC, PVOID, PVOID, PVOID)
{
    KeAcquireSpinLockAtDpcLevel(&s_Lock);

    PSINGLE_LIST_ENTRY e;
    while ((e = PopEntryList(&s_Pending)) != nullptr) {
        auto rec = CONTAINING_RECORD(e, Record, Next);
        if (s_Head - s_Tail == RING_SLOTS) {
            s_Tail++;                               // overwrite oldest
        }
        Slot& s = s_Slots[s_Head % RING_SLOTS];
        s.Size = rec->Size;
        RtlCopyMemory(s.Data, rec->Data, rec->Size);
        s_Head++;
        ExFreeToNPagedLookasideList(&s_Lookaside, rec);
    }

    KeReleaseSpinLockFromDpcLevel(&s_Lock);
}

} // namespace ctlring
