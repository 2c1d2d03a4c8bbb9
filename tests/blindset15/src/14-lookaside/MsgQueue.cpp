//
// msgq - a tiny kernel "mailbox": user mode pushes short messages with one
// IOCTL and pops them with another. Headers and payload blocks come from two
// lookaside lists.
//
#include "Lookaside.h"

#define MQ_DEVICE L"\\Device\\MsgQueue"
#define MQ_LINK   L"\\??\\MsgQueue"

#define IOCTL_MQ_PUSH CTL_CODE(FILE_DEVICE_UNKNOWN, 0x850, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_MQ_POP  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x851, METHOD_BUFFERED, FILE_READ_ACCESS)

namespace mq {

constexpr ULONG kPayloadSize = 1024;
constexpr ULONG kMaxMessages = 256;

struct Payload {
    UCHAR Data[kPayloadSize];
};

struct Message {
    LIST_ENTRY Link;
    ULONG Length;
    ULONG SenderPid;
    Payload* Body;
};

struct Globals {
    PDEVICE_OBJECT Device;
    FAST_MUTEX Lock;
    LIST_ENTRY Queue;
    ULONG Count;
    Lookaside<Message, NonPagedPoolNx, 'hQsM'> Headers;
    Lookaside<Payload, PagedPool, 'bQsM'> Bodies;
};

static Globals g;

static UNICODE_STRING s_device = RTL_CONSTANT_STRING(MQ_DEVICE);
static UNICODE_STRING s_link = RTL_CONSTANT_STRING(MQ_LINK);

static NTSTATUS Push(const void* data, ULONG length)
{
    if (length == 0 || length > kPayloadSize) {
        return STATUS_INVALID_BUFFER_SIZE;
    }

    Message* msg = g.Headers.Alloc();
    if (msg == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    msg->Body = g.Bodies.Alloc();
    if (msg->Body == nullptr) {
        g.Headers.Free(msg);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyMemory(msg->Body->Data, data, length);
    msg->Length = length;
    msg->SenderPid = HandleToULong(PsGetCurrentProcessId());

    FastMutexGuard guard(&g.Lock);
    if (g.Count >= kMaxMessages) {
        g.Bodies.Free(msg->Body);
        g.Headers.Free(msg);
        return STATUS_QUOTA_EXCEEDED;
    }
    InsertTailList(&g.Queue, &msg->Link);
    g.Count++;
    return STATUS_SUCCESS;
}

static NTSTATUS Pop(void* out, ULONG outLength, ULONG_PTR* written)
{
    Message* msg = nullptr;
    {
        FastMutexGuard guard(&g.Lock);
        if (IsListEmpty(&g.Queue)) {
            return STATUS_NO_MORE_ENTRIES;
        }
        msg = CONTAINING_RECORD(g.Queue.Flink, Message, Link);
        if (msg->Length > outLength) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        RemoveEntryList(&msg->Link);
        g.Count--;
    }

    RtlCopyMemory(out, msg->Body->Data, msg->Length);
    *written = msg->Length;

    g.Bodies.Free(msg->Body);
    g.Headers.Free(msg);
    return STATUS_SUCCESS;
}

static void DrainQueue()
{
    FastMutexGuard guard(&g.Lock);
    while (!IsListEmpty(&g.Queue)) {
        auto* msg = CONTAINING_RECORD(RemoveHeadList(&g.Queue), Message, Link);
        g.Bodies.Free(msg->Body);
        g.Headers.Free(msg);
    }
    g.Count = 0;
}

} // namespace mq

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD MqUnload;
static DRIVER_DISPATCH MqCreateClose;
static DRIVER_DISPATCH MqDeviceControl;

#pragma alloc_text(INIT, DriverEntry)

static NTSTATUS MqCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS MqDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto* sp = IoGetCurrentIrpStackLocation(Irp);
    auto& p = sp->Parameters.DeviceIoControl;
    ULONG_PTR info = 0;
    NTSTATUS status;

    switch (p.IoControlCode) {
    case IOCTL_MQ_PUSH:
        status = mq::Push(Irp->AssociatedIrp.SystemBuffer, p.InputBufferLength);
        break;
    case IOCTL_MQ_POP:
        status = mq::Pop(Irp->AssociatedIrp.SystemBuffer, p.OutputBufferLength, &info);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static void MqUnload(PDRIVER_OBJECT)
{
    IoDeleteSymbolicLink(&mq::s_link);
    IoDeleteDevice(mq::g.Device);

    mq::DrainQueue();
    mq::g.Bodies.Destroy();
    mq::g.Headers.Destroy();
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    using namespace mq;

    enum { kNothing, kHeaders, kBodies, kDevice } reached = kNothing;

    auto rollback = [&reached]() {
        switch (reached) {
        case kDevice:
            IoDeleteDevice(g.Device);
            g.Device = nullptr;
            __fallthrough;
        case kBodies:
            g.Bodies.Destroy();
            __fallthrough;
        case kHeaders:
            g.Headers.Destroy();
            __fallthrough;
        case kNothing:
            break;
        }
    };

    ExInitializeFastMutex(&g.Lock);
    InitializeListHead(&g.Queue);
    g.Count = 0;

    NTSTATUS status = g.Headers.Init();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    reached = kHeaders;

    status = g.Bodies.Init();
    if (!NT_SUCCESS(status)) {
        rollback();
        return status;
    }
    reached = kBodies;

    status = IoCreateDevice(DriverObject, 0, &s_device, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g.Device);
    if (!NT_SUCCESS(status)) {
        rollback();
        return status;
    }
    g.Device->Flags |= DO_BUFFERED_IO;
    reached = kDevice;

    status = IoCreateSymbolicLink(&s_link, &s_device);
    if (!NT_SUCCESS(status)) {
        rollback();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = MqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = MqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = MqDeviceControl;
    DriverObject->DriverUnload = MqUnload;
    return STATUS_SUCCESS;
}
