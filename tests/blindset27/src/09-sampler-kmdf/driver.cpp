// driver.cpp - DriverEntry, unload and the IOCTL handler.
#include "sampler.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD SamplerEvtDriverUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C" NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = SamplerEvtDriverUnload;
    config.DriverPoolTag   = SAMPLER_TAG;

    WDFDRIVER driver;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath,
                                      WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("Sampler: WdfDriverCreate failed 0x%08X\n", status));
        return status;
    }

    // Everything created below is parented to the control device, which
    // CreateControlDevice deletes itself if any step fails.  Returning an
    // error here lets the framework tear down the driver object.
    WDFDEVICE device;
    status = Sampler::CreateControlDevice(driver, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    KdPrint(("Sampler: control device %p ready\n", device));
    return STATUS_SUCCESS;
}

static VOID
SamplerEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    // The framework deletes a non-PnP driver's control device; sampling
    // stopped when its last handle was closed.
    KdPrint(("Sampler: unloading\n"));
}

static NTSTATUS
SamplerCopySamples(
    _In_ CONTROL_CONTEXT* Ctx,
    _In_ WDFREQUEST Request,
    _Out_ size_t* Bytes
    )
{
    SAMPLE_RECORD* out;
    size_t outLen;
    WDFMEMORY scratch;
    size_t scratchLen;

    *Bytes = 0;

    NTSTATUS status = WdfRequestRetrieveOutputBuffer(Request, sizeof(SAMPLE_RECORD),
                                                     reinterpret_cast<PVOID*>(&out), &outLen);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfMemoryCreateFromLookaside(Ctx->SnapshotLookaside, &scratch);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto* snap = static_cast<SAMPLE_RECORD*>(WdfMemoryGetBuffer(scratch, &scratchLen));

    ULONG want = static_cast<ULONG>(outLen / sizeof(SAMPLE_RECORD));
    if (want > SAMPLER_BATCH) {
        want = SAMPLER_BATCH;
    }

    ULONG n = 0;
    WdfSpinLockAcquire(Ctx->Lock);
    while (n < want && Ctx->Count > 0) {
        snap[n++] = Ctx->Ring[Ctx->Head];
        Ctx->Head = (Ctx->Head + 1) % SAMPLER_RING_SIZE;
        Ctx->Count--;
    }
    WdfSpinLockRelease(Ctx->Lock);

    RtlCopyMemory(out, snap, n * sizeof(SAMPLE_RECORD));
    WdfObjectDelete(scratch);

    *Bytes = n * sizeof(SAMPLE_RECORD);
    return STATUS_SUCCESS;
}

VOID
SamplerEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    CONTROL_CONTEXT* ctx = ControlGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;
    size_t bytes = 0;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_SAMPLER_READ:
        status = SamplerCopySamples(ctx, Request, &bytes);
        break;

    case IOCTL_SAMPLER_STATS:
    {
        SAMPLER_STATS* stats;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(SAMPLER_STATS),
                                                reinterpret_cast<PVOID*>(&stats), nullptr);
        if (NT_SUCCESS(status)) {
            WdfSpinLockAcquire(ctx->Lock);
            *stats = ctx->Stats;
            WdfSpinLockRelease(ctx->Lock);
            bytes = sizeof(SAMPLER_STATS);
        }
        break;
    }

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, bytes);
}
