#include "fltctl.h"

namespace fltctl {

WDFDEVICE    Control::s_Device      = nullptr;
WDFMEMORY    Control::s_StatsMemory = nullptr;
SharedStats* Control::s_Stats       = nullptr;
WDFSPINLOCK  Control::s_StatsLock   = nullptr;

namespace {

// called with Filter::s_Lock held
NTSTATUS
CreateSharedStats(
    WDFDEVICE Owner
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS              status;
    PVOID                 buffer;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Owner;

    status = WdfSpinLockCreate(&attributes, &Control::s_StatsLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfMemoryCreate(&attributes, NonPagedPoolNx, FLTCTL_TAG, sizeof(SharedStats),
                             &Control::s_StatsMemory, &buffer);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(buffer, sizeof(SharedStats));
    Control::s_Stats = static_cast<SharedStats*>(buffer);
    return STATUS_SUCCESS;
}

} // namespace

NTSTATUS
Control::EnsureCreated(
    WDFDEVICE FilterDevice
    )
{
    DECLARE_CONST_UNICODE_STRING(ntName,  FLTCTL_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, FLTCTL_DOS_NAME);

    PWDFDEVICE_INIT     init = nullptr;
    WDFDEVICE           control = nullptr;
    WDF_IO_QUEUE_CONFIG queueConfig;
    NTSTATUS            status = STATUS_SUCCESS;

    PAGED_CODE();

    WdfWaitLockAcquire(Filter::s_Lock, nullptr);

    if (s_Device != nullptr) {
        s_Stats->Instances++;
        goto out;
    }

    if (s_Stats == nullptr) {
        status = CreateSharedStats(FilterDevice);
        if (!NT_SUCCESS(status)) {
            goto out;
        }
    }

    init = WdfControlDeviceInitAllocate(WdfDeviceGetDriver(FilterDevice),
                                        &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R);
    if (init == nullptr) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        goto out;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &control);
    if (!NT_SUCCESS(status)) {
        goto out;
    }

    status = WdfDeviceCreateSymbolicLink(control, &dosName);
    if (!NT_SUCCESS(status)) {
        goto out;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = OnIoctl;
    status = WdfIoQueueCreate(control, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        goto out;
    }

    WdfControlFinishInitializing(control);
    s_Device = control;
    control  = nullptr;
    s_Stats->Instances++;

out:
    WdfWaitLockRelease(Filter::s_Lock);

    if (init != nullptr) {
        WdfDeviceInitFree(init);
    }
    if (control != nullptr) {
        WdfObjectDelete(control);
    }
    return status;
}

void
Control::Count(
    ULONG Code,
    bool  Sent
    )
{
    if (s_Stats == nullptr) {
        return;
    }

    WdfSpinLockAcquire(s_StatsLock);
    if (!Sent) {
        s_Stats->SendFailures++;
    } else {
        s_Stats->Forwarded++;
        for (ULONG i = 0; i < FLTCTL_MAX_CODES; i++) {
            if (s_Stats->Codes[i].Code == Code || s_Stats->Codes[i].Code == 0) {
                s_Stats->Codes[i].Code = Code;
                s_Stats->Codes[i].Hits++;
                break;
            }
        }
    }
    WdfSpinLockRelease(s_StatsLock);
}

VOID
Control::OnIoctl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    NTSTATUS  status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info   = 0;
    PVOID     out;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_FLTCTL_QUERY:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(SharedStats), &out, nullptr);
        if (NT_SUCCESS(status)) {
            WdfSpinLockAcquire(s_StatsLock);
            RtlCopyMemory(out, s_Stats, sizeof(SharedStats));
            WdfSpinLockRelease(s_StatsLock);
            info = sizeof(SharedStats);
        }
        break;

    case IOCTL_FLTCTL_CLEAR:
        WdfSpinLockAcquire(s_StatsLock);
        s_Stats->Forwarded    = 0;
        s_Stats->SendFailures = 0;
        RtlZeroMemory(s_Stats->Codes, sizeof(s_Stats->Codes));
        WdfSpinLockRelease(s_StatsLock);
        status = STATUS_SUCCESS;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

} // namespace fltctl
