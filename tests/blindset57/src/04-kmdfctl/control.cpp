//
// control.cpp - the control device and its I/O
//
#include "kmdfctl.h"

WDFDEVICE ControlDevice::s_Device = nullptr;

namespace {

// RAII for WDFWAITLOCK
class WaitLockGuard {
public:
    explicit WaitLockGuard(WDFWAITLOCK Lock) : m_Lock(Lock) { WdfWaitLockAcquire(m_Lock, nullptr); }
    ~WaitLockGuard() { WdfWaitLockRelease(m_Lock); }
    WaitLockGuard(const WaitLockGuard&) = delete;
    WaitLockGuard& operator=(const WaitLockGuard&) = delete;
private:
    WDFWAITLOCK m_Lock;
};

using IoctlHandler = NTSTATUS (*)(WDFDEVICE Device, WDFREQUEST Request, size_t* Information);

struct IoctlEntry {
    ULONG        Code;
    IoctlHandler Handler;
};

const IoctlEntry kIoctls[] = {
    { IOCTL_CTL_GET_VERSION, [](WDFDEVICE, WDFREQUEST Request, size_t* Information) -> NTSTATUS {
        PULONG out;
        auto status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), reinterpret_cast<PVOID*>(&out), nullptr);
        if (NT_SUCCESS(status)) {
            *out = CTL_VERSION;
            *Information = sizeof(ULONG);
        }
        return status;
    } },

    { IOCTL_CTL_ECHO, [](WDFDEVICE Device, WDFREQUEST Request, size_t* Information) -> NTSTATUS {
        PVOID in, out;
        size_t inLen, outLen;
        auto status = WdfRequestRetrieveInputBuffer(Request, 1, &in, &inLen);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        if (inLen > ctl::g_MaxEcho) {
            return STATUS_INVALID_BUFFER_SIZE;
        }
        status = WdfRequestRetrieveOutputBuffer(Request, inLen, &out, &outLen);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        RtlMoveMemory(out, in, inLen);          // METHOD_BUFFERED: in == out
        *Information = inLen;

        auto ctx = GetControlContext(Device);
        WaitLockGuard lock(ctx->Lock);
        ctx->Stats.BytesEchoed += inLen;
        return STATUS_SUCCESS;
    } },

    { IOCTL_CTL_GET_STATS, [](WDFDEVICE Device, WDFREQUEST Request, size_t* Information) -> NTSTATUS {
        CtlStats* out;
        auto status = WdfRequestRetrieveOutputBuffer(Request, sizeof(CtlStats), reinterpret_cast<PVOID*>(&out), nullptr);
        if (NT_SUCCESS(status)) {
            auto ctx = GetControlContext(Device);
            WaitLockGuard lock(ctx->Lock);
            *out = ctx->Stats;
            *Information = sizeof(CtlStats);
        }
        return status;
    } },
};

} // namespace

void ControlDevice::OnCreate(WDFDEVICE Device, WDFREQUEST Request, WDFFILEOBJECT FileObject)
{
    UNREFERENCED_PARAMETER(FileObject);
    auto ctx = GetControlContext(Device);
    {
        WaitLockGuard lock(ctx->Lock);
        ctx->Stats.Opens++;
    }
    WdfRequestComplete(Request, STATUS_SUCCESS);
}

void ControlDevice::OnClose(WDFFILEOBJECT FileObject)
{
    auto ctx = GetControlContext(WdfFileObjectGetDevice(FileObject));
    WaitLockGuard lock(ctx->Lock);
    ctx->Stats.Closes++;
}

void ControlDevice::OnDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                                    size_t InputBufferLength, ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    size_t info = 0;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    for (const auto& entry : kIoctls) {
        if (entry.Code == IoControlCode) {
            status = entry.Handler(WdfIoQueueGetDevice(Queue), Request, &info);
            break;
        }
    }
    WdfRequestCompleteWithInformation(Request, status, info);
}

bool ControlDevice::Create(WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(ntName, CTL_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, CTL_DOS_NAME);

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        TraceError("WdfControlDeviceInitAllocate failed");
        return false;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    NTSTATUS status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        TraceError("WdfDeviceInitAssignName 0x%08X", status);
        WdfDeviceInitFree(init);
        return false;
    }

    WDF_FILEOBJECT_CONFIG fileConfig;
    WDF_FILEOBJECT_CONFIG_INIT(&fileConfig, OnCreate, OnClose, WDF_NO_EVENT_CALLBACK);
    WdfDeviceInitSetFileObjectConfig(init, &fileConfig, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, ControlContext);

    WDFDEVICE device;
    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceError("WdfDeviceCreate 0x%08X", status);
        WdfDeviceInitFree(init);
        return false;
    }

    auto ctx = GetControlContext(device);
    WDF_OBJECT_ATTRIBUTES lockAttributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&lockAttributes);
    lockAttributes.ParentObject = device;
    status = WdfWaitLockCreate(&lockAttributes, &ctx->Lock);
    if (!NT_SUCCESS(status)) {
        TraceError("WdfWaitLockCreate 0x%08X", status);
        WdfObjectDelete(device);
        return false;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        TraceError("WdfDeviceCreateSymbolicLink 0x%08X", status);
        WdfObjectDelete(device);
        return false;
    }

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = OnDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceError("WdfIoQueueCreate 0x%08X", status);
        WdfObjectDelete(device);
        return false;
    }

    s_Device = device;
    TraceInfo("control device %wZ ready", &ntName);
    return true;
}
