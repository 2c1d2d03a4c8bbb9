//
// control.cpp - pid set and the control device
//
#include "guard.h"

namespace guard {

WDFWAITLOCK PidSet::s_lock = nullptr;
ULONG       PidSet::s_pids[GUARD_MAX_PIDS];
ULONG       PidSet::s_count = 0;

NTSTATUS PidSet::Create(WDFDRIVER parent)
{
    WDF_OBJECT_ATTRIBUTES attr;
    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = parent;

    s_count = 0;
    return WdfWaitLockCreate(&attr, &s_lock);
}

bool PidSet::Add(ULONG pid)
{
    WaitLockGuard g(s_lock);
    for (ULONG i = 0; i < s_count; i++)
        if (s_pids[i] == pid)
            return true;
    if (s_count == GUARD_MAX_PIDS)
        return false;
    s_pids[s_count++] = pid;
    return true;
}

bool PidSet::Remove(ULONG pid)
{
    WaitLockGuard g(s_lock);
    for (ULONG i = 0; i < s_count; i++) {
        if (s_pids[i] == pid) {
            s_pids[i] = s_pids[--s_count];
            return true;
        }
    }
    return false;
}

bool PidSet::Contains(ULONG pid)
{
    WaitLockGuard g(s_lock);
    for (ULONG i = 0; i < s_count; i++)
        if (s_pids[i] == pid)
            return true;
    return false;
}

ULONG PidSet::Snapshot(ULONG* out, ULONG max)
{
    WaitLockGuard g(s_lock);
    ULONG n = min(max, s_count);
    RtlCopyMemory(out, s_pids, n * sizeof(ULONG));
    return n;
}

// ---------------------------------------------------------------------------

static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL OnDeviceControl;

static void OnDeviceControl(WDFQUEUE, WDFREQUEST request, size_t outLen, size_t inLen, ULONG code)
{
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    auto readPid = [&](ULONG* pid) -> NTSTATUS {
        PVOID buf = nullptr;
        if (inLen < sizeof(ULONG))
            return STATUS_BUFFER_TOO_SMALL;
        auto st = WdfRequestRetrieveInputBuffer(request, sizeof(ULONG), &buf, nullptr);
        if (NT_SUCCESS(st))
            *pid = *static_cast<ULONG*>(buf);
        return st;
    };

    switch (code) {
    case IOCTL_GUARD_PROTECT: {
        ULONG pid = 0;
        status = readPid(&pid);
        if (NT_SUCCESS(status))
            status = (pid > 4 && PidSet::Add(pid)) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
        break;
    }
    case IOCTL_GUARD_UNPROTECT: {
        ULONG pid = 0;
        status = readPid(&pid);
        if (NT_SUCCESS(status))
            status = PidSet::Remove(pid) ? STATUS_SUCCESS : STATUS_NOT_FOUND;
        break;
    }
    case IOCTL_GUARD_LIST: {
        PVOID buf = nullptr;
        status = WdfRequestRetrieveOutputBuffer(request, sizeof(ULONG), &buf, nullptr);
        if (NT_SUCCESS(status)) {
            ULONG n = PidSet::Snapshot(static_cast<ULONG*>(buf), static_cast<ULONG>(outLen / sizeof(ULONG)));
            info = n * sizeof(ULONG);
        }
        break;
    }
    default:
        break;
    }

    WdfRequestCompleteWithInformation(request, status, info);
}

NTSTATUS CreateControlDevice(WDFDRIVER driver, WDFDEVICE* device)
{
    DECLARE_CONST_UNICODE_STRING(ntName, GUARD_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, GUARD_DOS_NAME);

    *device = nullptr;

    // admins only: this thing decides who may kill whom
    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (!init)
        return STATUS_INSUFFICIENT_RESOURCES;

    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    NTSTATUS status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    WDFDEVICE dev = nullptr;
    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &dev);
    if (!NT_SUCCESS(status)) {
        // WdfDeviceCreate does not free a control device's init on failure
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(dev, &dosName);
    if (NT_SUCCESS(status)) {
        WDF_IO_QUEUE_CONFIG qc;
        WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
        qc.EvtIoDeviceControl = OnDeviceControl;
        status = WdfIoQueueCreate(dev, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    }
    if (!NT_SUCCESS(status)) {
        GERROR("control device setup failed 0x%08X", status);
        WdfObjectDelete(dev);
        return status;
    }

    WdfControlFinishInitializing(dev);
    *device = dev;
    return STATUS_SUCCESS;
}

} // namespace guard
