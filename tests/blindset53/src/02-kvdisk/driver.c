/*
 * driver.c - DriverEntry and device add for kvdisk
 */
#include "kvdisk.h"

ULONG      KvDebugLevel = TRACE_LEVEL_WARNING;
KV_GLOBALS KvGlobals;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KvEvtDeviceAdd)
#pragma alloc_text(PAGE, KvEvtDriverUnload)
#endif

static VOID
KvReadConfig(_In_ WDFDRIVER Driver)
{
    WDFKEY   key = NULL;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(sizeName, L"DiskSizeMb");
    DECLARE_CONST_UNICODE_STRING(roName,   L"ReadOnly");
    DECLARE_CONST_UNICODE_STRING(dbgName,  L"DebugLevel");

    KvGlobals.DiskSizeMb = KV_DEF_SIZE_MB;
    KvGlobals.ReadOnly   = 0;

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_WARNING, DBG_INIT, "no Parameters key 0x%x", status);
        return;
    }

    (VOID)WdfRegistryQueryULong(key, &sizeName, &KvGlobals.DiskSizeMb);
    (VOID)WdfRegistryQueryULong(key, &roName,   &KvGlobals.ReadOnly);
    (VOID)WdfRegistryQueryULong(key, &dbgName,  &KvDebugLevel);

    WdfRegistryClose(key);

    if (KvGlobals.DiskSizeMb == 0 || KvGlobals.DiskSizeMb > KV_MAX_SIZE_MB) {
        KvGlobals.DiskSizeMb = KV_DEF_SIZE_MB;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER         driver;
    NTSTATUS          status;

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "built %s %s", __DATE__, __TIME__);

    WDF_DRIVER_CONFIG_INIT(&config, KvEvtDeviceAdd);
    config.EvtDriverUnload = KvEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "WdfDriverCreate failed 0x%x", status);
        return status;
    }

    KvReadConfig(driver);
    return STATUS_SUCCESS;
}

static VOID
KvInitGeometry(_Inout_ PKV_DEVICE_CONTEXT Ctx)
{
    Ctx->Geometry.BytesPerSector      = KV_SECTOR;
    Ctx->Geometry.SectorsPerTrack     = 32;
    Ctx->Geometry.TracksPerCylinder   = 2;
    Ctx->Geometry.Cylinders.QuadPart  = Ctx->ImageSize / (KV_SECTOR * 32 * 2);
    Ctx->Geometry.MediaType           = FixedMedia;
}

NTSTATUS
KvEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS              status = STATUS_SUCCESS;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE             device;
    PKV_DEVICE_CONTEXT    ctx;
    DECLARE_CONST_UNICODE_STRING(ntName,  KV_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, KV_DOS_NAME);

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_DISK);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoDirect);
    WdfDeviceInitSetExclusive(DeviceInit, FALSE);

    status = WdfDeviceInitAssignName(DeviceInit, &ntName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP, "AssignName 0x%x", status);
        return status;
    }

    /* context memory is owned by the framework and goes away with the device */
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, KV_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP, "WdfDeviceCreate 0x%x", status);
        return status;
    }

    ctx = KvGetDeviceContext(device);
    ctx->Device    = device;
    ctx->ReadOnly  = (KvGlobals.ReadOnly != 0);
    ctx->ImageSize = (ULONGLONG)KvGlobals.DiskSizeMb * 1024 * 1024;
    ctx->Image     = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, (SIZE_T)ctx->ImageSize, KV_POOL_TAG);
    if (ctx->Image == NULL) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP, "no memory for %lu MB image", KvGlobals.DiskSizeMb);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KvInitGeometry(ctx);

    if (!NT_SUCCESS(WdfDeviceCreateSymbolicLink(device, &dosName))) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP, "drive letter already taken?");
        return status;
    }

    status = KvQueueInitialize(device, &ctx->Queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP, "queue init 0x%x", status);
        return status;
    }

    InterlockedIncrement((volatile LONG *)&KvGlobals.DeviceCount);
    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_PNP, "disk of %I64u bytes ready", ctx->ImageSize);
    return STATUS_SUCCESS;
}

VOID
KvEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "unload, %lu devices seen", KvGlobals.DeviceCount);
}
