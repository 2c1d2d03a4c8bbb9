// monitor.cpp
#include "monitor.h"

// ---- allocation -----------------------------------------------------------

void* __cdecl operator new(size_t size, PoolKind kind, ULONG tag) noexcept
{
    const POOL_FLAGS flags = (kind == PoolKind::NonPaged) ? POOL_FLAG_NON_PAGED : POOL_FLAG_PAGED;
    return ExAllocatePool2(flags, size, tag);
}

void __cdecl operator delete(void* p, PoolKind, ULONG) noexcept
{
    if (p != nullptr) {
        ExFreePool(p);
    }
}

void __cdecl operator delete(void* p) noexcept
{
    if (p != nullptr) {
        ExFreePool(p);
    }
}

void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p != nullptr) {
        ExFreePool(p);
    }
}

namespace pmon {

Monitor* Monitor::Instance = nullptr;

// ---- EventQueue -----------------------------------------------------------

EventQueue::EventQueue() : m_count(0)
{
    ExInitializeFastMutex(&m_lock);
    InitializeListHead(&m_head);
}

EventQueue::~EventQueue()
{
    FastMutexGuard guard(m_lock);
    while (!IsListEmpty(&m_head)) {
        auto node = CONTAINING_RECORD(RemoveHeadList(&m_head), Node, Link);
        delete node;
    }
    m_count = 0;
}

void EventQueue::Push(EventKind kind, ULONG pid, ULONG tid)
{
    auto node = new (PoolKind::NonPaged, kTag) Node;
    if (node == nullptr) {
        return;
    }
    node->Record.Kind = kind;
    node->Record.Reserved = 0;
    node->Record.ProcessId = pid;
    node->Record.ThreadId = tid;
    KeQuerySystemTimePrecise(&node->Record.Time);

    Node* dropped = nullptr;
    {
        FastMutexGuard guard(m_lock);
        if (m_count >= kMaxQueued) {
            dropped = CONTAINING_RECORD(RemoveHeadList(&m_head), Node, Link);
            m_count--;
        }
        InsertTailList(&m_head, &node->Link);
        m_count++;
    }
    delete dropped;
}

ULONG EventQueue::Drain(EventRecord* out, ULONG max)
{
    ULONG n = 0;
    FastMutexGuard guard(m_lock);
    while (n < max && !IsListEmpty(&m_head)) {
        auto node = CONTAINING_RECORD(RemoveHeadList(&m_head), Node, Link);
        out[n++] = node->Record;
        m_count--;
        delete node;
    }
    return n;
}

// ---- ControlDevice --------------------------------------------------------

NTSTATUS ControlDevice::Create(PDRIVER_OBJECT driver)
{
    UNICODE_STRING devName;
    UNICODE_STRING linkName;
    RtlInitUnicodeString(&devName, kDeviceName);
    RtlInitUnicodeString(&linkName, kLinkName);

    NTSTATUS status = IoCreateDevice(driver, 0, &devName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &m_device);
    if (!NT_SUCCESS(status)) {
        m_device = nullptr;
        return status;
    }
    m_device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        // the destructor deletes the device
        return status;
    }
    m_linked = true;
    m_device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

ControlDevice::~ControlDevice()
{
    if (m_linked) {
        UNICODE_STRING linkName;
        RtlInitUnicodeString(&linkName, kLinkName);
        IoDeleteSymbolicLink(&linkName);
        m_linked = false;
    }
    if (m_device != nullptr) {
        IoDeleteDevice(m_device);
        m_device = nullptr;
    }
}

// ---- Monitor --------------------------------------------------------------

Monitor::Monitor()
    : m_processNotify(false), m_threadNotify(false), m_imageNotify(false)
{
    Instance = this;
}

Monitor::~Monitor()
{
    if (m_imageNotify) {
        PsRemoveLoadImageNotifyRoutine(&Monitor::OnImage);
    }
    if (m_threadNotify) {
        PsRemoveCreateThreadNotifyRoutine(&Monitor::OnThread);
    }
    if (m_processNotify) {
        PsSetCreateProcessNotifyRoutineEx(&Monitor::OnProcess, TRUE);
    }
    Instance = nullptr;
    // m_queue and m_control are destroyed after this body runs
}

NTSTATUS Monitor::Start(PDRIVER_OBJECT driver)
{
    NTSTATUS status = m_control.Create(driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("pmon: control device 0x%08X\n", status));
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(&Monitor::OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("pmon: process notify 0x%08X\n", status));
        return status;
    }
    m_processNotify = true;

    status = PsSetCreateThreadNotifyRoutine(&Monitor::OnThread);
    if (!NT_SUCCESS(status)) {
        KdPrint(("pmon: thread notify 0x%08X\n", status));
        return status;
    }
    m_threadNotify = true;

    // image loads are a nice extra; run without them if the slot table is full
    status = PsSetLoadImageNotifyRoutine(&Monitor::OnImage);
    if (NT_SUCCESS(status)) {
        m_imageNotify = true;
    } else {
        KdPrint(("pmon: image notify unavailable 0x%08X\n", status));
    }

    return STATUS_SUCCESS;
}

void Monitor::OnProcess(PEPROCESS, HANDLE pid, PPS_CREATE_NOTIFY_INFO info)
{
    if (Instance == nullptr) {
        return;
    }
    Instance->m_queue.Push(info ? EventKind::ProcessCreate : EventKind::ProcessExit,
                           HandleToULong(pid), 0);
}

void Monitor::OnThread(HANDLE pid, HANDLE tid, BOOLEAN create)
{
    if (Instance == nullptr) {
        return;
    }
    Instance->m_queue.Push(create ? EventKind::ThreadCreate : EventKind::ThreadExit,
                           HandleToULong(pid), HandleToULong(tid));
}

void Monitor::OnImage(PUNICODE_STRING, HANDLE pid, PIMAGE_INFO)
{
    if (Instance == nullptr) {
        return;
    }
    Instance->m_queue.Push(EventKind::ImageLoad, HandleToULong(pid), 0);
}

NTSTATUS Monitor::DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS Monitor::DispatchIoctl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_PMON_DRAIN && Instance != nullptr) {
        const ULONG max = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(EventRecord);
        auto out = static_cast<EventRecord*>(Irp->AssociatedIrp.SystemBuffer);
        info = Instance->m_queue.Drain(out, max) * sizeof(EventRecord);
        status = STATUS_SUCCESS;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

} // namespace pmon
