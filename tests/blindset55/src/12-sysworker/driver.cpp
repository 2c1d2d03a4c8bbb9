#include "sysworker.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

UNICODE_STRING g_ServiceKey;        // private copy, RegistryPath dies with DriverEntry
WDFDEVICE      g_Control;

EVT_WDF_DRIVER_UNLOAD               OnUnload;
EVT_WDF_OBJECT_CONTEXT_DESTROY      OnControlDestroy;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL  OnIoctl;

VOID
OnControlDestroy(
    _In_ WDFOBJECT Object
    )
{
    auto ctx = SwGetContext(static_cast<WDFDEVICE>(Object));

    // last touch of the context; the worker is gone by the time we get here
    if (ctx->Jitter != nullptr) {
        ExFreePoolWithTag(ctx->Jitter, SW_TAG);
        ctx->Jitter = nullptr;
    }
}

VOID
OnIoctl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    auto      ctx    = SwGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS  status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info   = 0;
    PLONG64   out;
    size_t    room;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode == IOCTL_SW_READ) {
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LONG64), reinterpret_cast<PVOID*>(&out), &room);
        if (NT_SUCCESS(status)) {
            ULONG want = static_cast<ULONG>(room / sizeof(LONG64));

            WdfSpinLockAcquire(ctx->Lock);
            ULONG n = min(want, ctx->Filled);
            for (ULONG i = 0; i < n; i++) {
                // newest first
                out[i] = ctx->Jitter[(ctx->Next + SW_RING - 1 - i) % SW_RING];
            }
            WdfSpinLockRelease(ctx->Lock);

            info = n * sizeof(LONG64);
        }
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

VOID
OnUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    // thread first: it writes into the device context and reads g_ServiceKey
    sw::Worker::Stop();

    if (g_Control != nullptr) {
        WdfObjectDelete(g_Control);
        g_Control = nullptr;
    }

    sw::FreeRegistryPath(&g_ServiceKey);
    SWLOG("unloaded");
}

} // namespace

NTSTATUS
sw::CreateControlDevice(
    WDFDRIVER  Driver,
    WDFDEVICE* Device
    )
{
    DECLARE_CONST_UNICODE_STRING(ntName,  L"\\Device\\SysWorker");
    DECLARE_CONST_UNICODE_STRING(dosName, L"\\DosDevices\\SysWorker");

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG   qc;
    WDFDEVICE             device;
    NTSTATUS              status;

    *Device = nullptr;

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, SW_DEVICE_CONTEXT);
    attributes.EvtDestroyCallback = OnControlDestroy;

    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    // from here the destroy callback takes care of the pool buffer
    auto ctx = SwGetContext(device);
    ctx->Jitter = static_cast<PLONG64>(ExAllocatePool2(POOL_FLAG_NON_PAGED, SW_RING * sizeof(LONG64), SW_TAG));
    if (ctx->Jitter == nullptr) {
        WdfObjectDelete(device);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &ctx->Lock);

    if (NT_SUCCESS(status)) {
        status = WdfDeviceCreateSymbolicLink(device, &dosName);
    }

    if (NT_SUCCESS(status)) {
        WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
        qc.EvtIoDeviceControl = OnIoctl;
        status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    }

    if (!NT_SUCCESS(status)) {
        SWERR("control device setup 0x%08X", status);
        WdfObjectDelete(device);
        return status;
    }

    WdfControlFinishInitializing(device);
    *Device = device;
    return STATUS_SUCCESS;
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER         driver;
    NTSTATUS          status;

    SWLOG("DriverEntry %wZ", RegistryPath);

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = OnUnload;
    config.DriverPoolTag    = SW_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        SWERR("WdfDriverCreate 0x%08X", status);
        return status;
    }

    status = sw::CopyRegistryPath(RegistryPath, &g_ServiceKey);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = sw::CreateControlDevice(driver, &g_Control);
    if (!NT_SUCCESS(status)) {
        goto free_path;
    }

    status = sw::Worker::Start(g_Control, &g_ServiceKey);
    if (!NT_SUCCESS(status)) {
        goto delete_control;
    }

    SWLOG("up");
    return STATUS_SUCCESS;

delete_control:
    WdfObjectDelete(g_Control);
    g_Control = nullptr;

free_path:
    sw::FreeRegistryPath(&g_ServiceKey);
    return status;
}
