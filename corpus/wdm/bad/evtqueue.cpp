/*
 * evtqueue.cpp (bad) - the same event queue, which sets itself up in its
 * constructor's member initializers only (the slot array in `m_Slots(...)`,
 * the record cache's lookaside list in the constructor `m_Records(...)`
 * runs). When the device cannot be made, DriverEntry gives the queue's
 * memory back by hand, without its destructor: the cache's lookaside list,
 * set up by a constructor only an initializer runs, is left on a failed load
 * (DE006; a miss before, when initializers were not followed). The unload routine
 * `delete`s the queue, whose destructor, and the cache's after it, undo
 * both: nothing is left there.
 */

#include <ntddk.h>

#define EQ_TAG 'uQvE'

struct EventRecord {
    ULONG Source;
    ULONG Code;
    LARGE_INTEGER Time;
};

class RecordCache {
public:
    explicit RecordCache(SIZE_T recordSize)
    {
        ExInitializeNPagedLookasideList(&m_List, nullptr, nullptr, POOL_NX_ALLOCATION,
                                        recordSize, EQ_TAG, 0);
    }

    ~RecordCache()
    {
        ExDeleteNPagedLookasideList(&m_List);
    }

    PVOID Get() { return ExAllocateFromNPagedLookasideList(&m_List); }

private:
    NPAGED_LOOKASIDE_LIST m_List;
};

class EventQueue {
public:
    void *operator new(size_t size, POOL_TYPE pool, ULONG tag) noexcept
    {
        return ExAllocatePoolWithTag(pool, size, tag);
    }

    void operator delete(void *p) noexcept
    {
        ExFreePoolWithTag(p, EQ_TAG);
    }

    explicit EventQueue(ULONG depth)
        : m_Records(sizeof(EventRecord)),
          m_Slots(static_cast<PVOID *>(ExAllocatePoolWithTag(NonPagedPoolNx, depth * sizeof(PVOID), EQ_TAG))),
          m_Depth(depth),
          m_Head(0)
    {
        KeInitializeSpinLock(&m_Lock);
    }

    ~EventQueue()
    {
        if (m_Slots != nullptr) {
            ExFreePoolWithTag(m_Slots, EQ_TAG);
        }
    }

    bool Ready() const { return m_Slots != nullptr; }

private:
    RecordCache m_Records;
    PVOID *m_Slots;
    ULONG m_Depth;
    ULONG m_Head;
    KSPIN_LOCK m_Lock;
};

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD EqUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH EqCreateClose;

static EventQueue *g_Queue;
static PDEVICE_OBJECT g_EqDevice;

_Use_decl_annotations_
NTSTATUS
EqCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
EqUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_EqDevice);
    delete g_Queue;
    g_Queue = nullptr;
}

extern "C" NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    g_Queue = new (NonPagedPoolNx, EQ_TAG) EventQueue(256);
    if (g_Queue == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (!g_Queue->Ready()) {
        delete g_Queue;
        g_Queue = nullptr;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g_EqDevice);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(g_Queue, EQ_TAG);
        g_Queue = nullptr;
        return status;                                  // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = EqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = EqCreateClose;
    DriverObject->DriverUnload = EqUnload;
    return STATUS_SUCCESS;
}
