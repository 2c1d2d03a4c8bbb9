//
// device.cpp - EvtDeviceAdd and the RAM image lifetime
//
#include "kramdisk.h"
#include "device.tmh"

namespace kr {

NTSTATUS
RamImage::Allocate(_Inout_ DeviceContext* Ctx, _In_ ULONG SizeMb)
{
    Ctx->Size  = static_cast<ULONGLONG>(SizeMb) * 1024 * 1024;
    Ctx->Image = static_cast<PUCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, static_cast<SIZE_T>(Ctx->Size), PoolTag));
    if (Ctx->Image == nullptr) {
        Ctx->Size = 0;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Ctx->Geometry.BytesPerSector     = SectorSize;
    Ctx->Geometry.SectorsPerTrack    = 32;
    Ctx->Geometry.TracksPerCylinder  = 2;
    Ctx->Geometry.Cylinders.QuadPart = static_cast<LONGLONG>(Ctx->Size / (SectorSize * 32 * 2));
    Ctx->Geometry.MediaType          = FixedMedia;
    return STATUS_SUCCESS;
}

void
RamImage::Release(_Inout_ DeviceContext* Ctx)
{
    if (Ctx->Image != nullptr) {
        ExFreePoolWithTag(Ctx->Image, PoolTag);
        Ctx->Image = nullptr;
        Ctx->Size  = 0;
    }
}

bool
RamImage::InRange(_In_ const DeviceContext* Ctx, LONGLONG Offset, size_t Length)
{
    if (Offset < 0 || (Offset % SectorSize) != 0 || (Length % SectorSize) != 0) {
        return false;
    }
    return static_cast<ULONGLONG>(Offset) + Length <= Ctx->Size;
}

VOID
EvtDeviceContextCleanup(_In_ WDFOBJECT Device)
{
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "device cleanup, releasing image");
    RamImage::Release(GetDeviceContext(static_cast<WDFDEVICE>(Device)));
}

NTSTATUS
EvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    PAGED_CODE();

    auto cfg = GetDriverConfig(Driver);

    DECLARE_CONST_UNICODE_STRING(ntName, L"\\Device\\KRamDisk");
    WCHAR dosBuffer[] = L"\\DosDevices\\Z:";
    UNICODE_STRING dosName;
    dosBuffer[12] = cfg->DriveLetter;
    RtlInitUnicodeString(&dosName, dosBuffer);

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_DISK);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoDirect);
    WdfDeviceInitSetExclusive(DeviceInit, FALSE);

    NTSTATUS status = WdfDeviceInitAssignName(DeviceInit, &ntName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceInitAssignName %!STATUS!", status);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DeviceContext);
    attributes.EvtCleanupCallback = EvtDeviceContextCleanup;

    WDFDEVICE device;
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate %!STATUS!", status);
        return status;
    }

    // From here on a failure return makes the framework delete the device,
    // and EvtDeviceContextCleanup gives the image back.
    auto ctx = GetDeviceContext(device);
    status = RamImage::Allocate(ctx, cfg->SizeMb);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "image of %u MB: %!STATUS!", cfg->SizeMb, status);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "symbolic link %wZ: %!STATUS!", &dosName, status);
        return status;
    }

    status = QueueInitialize(device, &ctx->Queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "queue %!STATUS!", status);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%u MB disk at %wZ", cfg->SizeMb, &dosName);
    return STATUS_SUCCESS;
}

} // namespace kr
