#include "memio.h"

// not in the public headers, but exported by ntoskrnl
extern "C" PVOID NTAPI PsGetProcessSectionBaseAddress(PEPROCESS Process);

namespace memio {
namespace {

// owns a referenced kernel object, dereferences on scope exit
template <typename T>
class ObjectRef {
public:
    ObjectRef() = default;
    ~ObjectRef()
    {
        if (m_obj) {
            ObDereferenceObject(m_obj);
        }
    }
    ObjectRef(const ObjectRef&) = delete;
    ObjectRef& operator=(const ObjectRef&) = delete;

    T* operator&() { return &m_obj; }
    T Get() const { return m_obj; }

private:
    T m_obj = nullptr;
};

template <ULONG Tag>
class PoolBuffer {
public:
    explicit PoolBuffer(SIZE_T size) : m_p(ExAllocatePool2(POOL_FLAG_NON_PAGED, size, Tag)) {}
    ~PoolBuffer()
    {
        if (m_p) {
            ExFreePoolWithTag(m_p, Tag);
        }
    }
    PoolBuffer(const PoolBuffer&) = delete;
    PoolBuffer& operator=(const PoolBuffer&) = delete;

    void* Get() const { return m_p; }
    explicit operator bool() const { return m_p != nullptr; }

private:
    void* m_p;
};

NTSTATUS ReadProcessMemory(const MemioReadRequest& req, void* out, ULONG outLength, ULONG_PTR* written)
{
    *written = 0;
    if (req.Size == 0 || req.Size > kMaxRead || req.Size > outLength) {
        return STATUS_INVALID_PARAMETER;
    }

    ObjectRef<PEPROCESS> process;
    auto status = PsLookupProcessByProcessId(ULongToHandle(req.ProcessId), &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    PoolBuffer<MEMIO_TAG> bounce(req.Size);
    if (!bounce) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KAPC_STATE apc;
    KeStackAttachProcess(process.Get(), &apc);
    __try {
        auto source = reinterpret_cast<const void*>(static_cast<ULONG_PTR>(req.Address));
        ProbeForRead(const_cast<void*>(source), req.Size, 1);
        RtlCopyMemory(bounce.Get(), source, req.Size);
        status = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apc);

    if (NT_SUCCESS(status)) {
        RtlCopyMemory(out, bounce.Get(), req.Size);
        *written = req.Size;
    }
    return status;
}

NTSTATUS QueryImageBase(ULONG pid, ULONGLONG* base)
{
    ObjectRef<PEPROCESS> process;
    auto status = PsLookupProcessByProcessId(ULongToHandle(pid), &process);
    if (NT_SUCCESS(status)) {
        *base = reinterpret_cast<ULONG_PTR>(PsGetProcessSectionBaseAddress(process.Get()));
    }
    return status;
}

} // namespace

NTSTATUS DeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto state = static_cast<DeviceState*>(DeviceObject->DeviceExtension);
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    const auto& p = stack->Parameters.DeviceIoControl;
    auto buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    InterlockedIncrement(&state->Requests);

    switch (p.IoControlCode) {
    case IOCTL_MEMIO_READ:
        if (p.InputBufferLength < sizeof(MemioReadRequest)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        {
            // copy the request first, the output overwrites the same system buffer
            const auto req = *static_cast<MemioReadRequest*>(buffer);
            status = ReadProcessMemory(req, buffer, p.OutputBufferLength, &info);
            if (NT_SUCCESS(status)) {
                InterlockedAdd64(&state->BytesRead, static_cast<LONG64>(info));
            }
        }
        break;

    case IOCTL_MEMIO_IMAGEBASE:
        if (p.InputBufferLength < sizeof(MemioImageBaseRequest) || p.OutputBufferLength < sizeof(ULONGLONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        {
            const auto pid = static_cast<MemioImageBaseRequest*>(buffer)->ProcessId;
            status = QueryImageBase(pid, static_cast<ULONGLONG*>(buffer));
            if (NT_SUCCESS(status)) {
                info = sizeof(ULONGLONG);
            }
        }
        break;

    case IOCTL_MEMIO_STATS:
        if (p.OutputBufferLength < sizeof(MemioStats)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        {
            auto stats = static_cast<MemioStats*>(buffer);
            stats->Requests = state->Requests;
            stats->Failures = state->Failures;
            stats->BytesRead = state->BytesRead;
            info = sizeof(MemioStats);
            status = STATUS_SUCCESS;
        }
        break;

    default:
        break;
    }

    if (!NT_SUCCESS(status)) {
        InterlockedIncrement(&state->Failures);
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS Cleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

} // namespace memio
