#include "memlook.h"

namespace {

struct AllocOut {
    ULONG Cookie;
    ULONG BlockSize;
};

NTSTATUS
DoAlloc(WDFDEVICE Device, WDFREQUEST Request, ULONG_PTR* Info)
{
    auto      ctx = MemLookGetDeviceContext(Device);
    AllocOut* out;
    WDFMEMORY memory;
    NTSTATUS  status;

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(*out), reinterpret_cast<PVOID*>(&out), nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfMemoryCreateFromLookaside(MemLook::s_Lookaside, &memory);
    if (!NT_SUCCESS(status)) {
        MemLook::s_Config->Failures++;
        return status;
    }

    // scribble a pattern so stale reuse is visible in the debugger
    size_t size = 0;
    PVOID  buf  = WdfMemoryGetBuffer(memory, &size);
    RtlFillMemory(buf, size, 0xA5);

    WdfSpinLockAcquire(ctx->SlotLock);
    for (ULONG i = 0; i < MemLook::s_Config->MaxBlocks; i++) {
        if (ctx->Slots[i].Memory == nullptr) {
            ctx->Slots[i].Memory = memory;
            ctx->Slots[i].Generation++;
            memory = nullptr;
            out->Cookie    = i + 1;
            out->BlockSize = MemLook::s_Config->BlockSize;
            InterlockedIncrement(&MemLook::s_Config->Outstanding);
            break;
        }
    }
    WdfSpinLockRelease(ctx->SlotLock);

    if (memory != nullptr) {
        // no free slot
        WdfObjectDelete(memory);
        return STATUS_QUOTA_EXCEEDED;
    }

    *Info = sizeof(*out);
    return STATUS_SUCCESS;
}

NTSTATUS
DoFree(WDFDEVICE Device, WDFREQUEST Request)
{
    auto      ctx = MemLookGetDeviceContext(Device);
    PULONG    cookie;
    WDFMEMORY memory = nullptr;
    NTSTATUS  status;

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), reinterpret_cast<PVOID*>(&cookie), nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ULONG index = *cookie - 1;
    if (*cookie == 0 || index >= MEMLOOK_DEFAULT_MAX_BLOCKS) {
        return STATUS_INVALID_PARAMETER;
    }

    WdfSpinLockAcquire(ctx->SlotLock);
    memory = ctx->Slots[index].Memory;
    ctx->Slots[index].Memory = nullptr;
    WdfSpinLockRelease(ctx->SlotLock);

    if (memory == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }

    WdfObjectDelete(memory);
    InterlockedDecrement(&MemLook::s_Config->Outstanding);
    return STATUS_SUCCESS;
}

} // namespace

VOID
MemLook::OnIoctl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    NTSTATUS  status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info   = 0;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_MEMLOOK_ALLOC:
        status = DoAlloc(device, Request, &info);
        break;

    case IOCTL_MEMLOOK_FREE:
        status = DoFree(device, Request);
        break;

    case IOCTL_MEMLOOK_CONFIG: {
        MEMLOOK_CONFIG* out;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(*out), reinterpret_cast<PVOID*>(&out), nullptr);
        if (NT_SUCCESS(status)) {
            *out = *s_Config;
            info = sizeof(*out);
        }
        break;
    }
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
