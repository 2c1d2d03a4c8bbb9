/*
 * evtqueue.cpp - a C++ legacy driver that queues hardware events for a
 * service reading \\.\EvtQueue. The queue is made with the class's own
 * allocating operator new (`new (NonPagedPoolNx, EQ_TAG) EventQueue(...)`)
 * and sets itself up in its constructor's member initializers only: its
 * slot array comes from an allocation in `m_Slots(...)`, and its member
 * `m_Records`, a record cache, initializes a lookaside list in its own
 * constructor, run from `m_Records(...)`. The queue's destructor frees the
 * slots; the cache's destructor, which C++ runs after it, deletes the list.
 * The failure paths and the unload routine `delete` the queue: the
 * initializers are followed like the calls they are, and so is the implicit
 * destruction of the member, so nothing is left.
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
        delete g_Queue;
        g_Queue = nullptr;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = EqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = EqCreateClose;
    DriverObject->DriverUnload = EqUnload;
    return STATUS_SUCCESS;
}
