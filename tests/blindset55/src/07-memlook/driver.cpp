#include "memlook.h"

MEMLOOK_CONFIG* MemLook::s_Config    = nullptr;
WDFLOOKASIDE    MemLook::s_Lookaside = nullptr;
WDFDEVICE       MemLook::s_Control   = nullptr;

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_OBJECT_CONTEXT_CLEANUP OnControlCleanup;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG     config;
    WDF_OBJECT_ATTRIBUTES driverAttributes;
    WDFDRIVER             driver;
    NTSTATUS              status;

    MLOG("DriverEntry\n");

    WDF_OBJECT_ATTRIBUTES_INIT(&driverAttributes);
    driverAttributes.EvtCleanupCallback = MemLook::OnDriverCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = MemLook::OnUnload;
    config.DriverPoolTag    = MEMLOOK_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, &driverAttributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        MLOG("WdfDriverCreate 0x%08X\n", status);
        return status;
    }

    MemLook::s_Config = static_cast<MEMLOOK_CONFIG*>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(MEMLOOK_CONFIG), MEMLOOK_TAG));
    if (MemLook::s_Config == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    MemLook::LoadConfig(driver);

    status = MemLook::CreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    status = MemLook::CreateLookaside(driver);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    MLOG("ready: block=%lu max=%lu\n", MemLook::s_Config->BlockSize, MemLook::s_Config->MaxBlocks);
    return STATUS_SUCCESS;

fail:
    MLOG("DriverEntry failing 0x%08X\n", status);
    if (MemLook::s_Control != nullptr) {
        WdfObjectDelete(MemLook::s_Control);
        MemLook::s_Control = nullptr;
    }
    ExFreePoolWithTag(MemLook::s_Config, MEMLOOK_TAG);
    return status;
}

void
MemLook::LoadConfig(
    WDFDRIVER Driver
    )
{
    WDFKEY key;
    ULONG  value;
    DECLARE_CONST_UNICODE_STRING(blockName, L"BlockSize");
    DECLARE_CONST_UNICODE_STRING(maxName,   L"MaxBlocks");

    s_Config->BlockSize = MEMLOOK_DEFAULT_BLOCK;
    s_Config->MaxBlocks = MEMLOOK_DEFAULT_MAX_BLOCKS;

    if (!NT_SUCCESS(WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key))) {
        return;     // defaults are fine
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &blockName, &value)) &&
        value >= sizeof(ULONG64) && value <= MEMLOOK_MAX_BLOCK) {
        s_Config->BlockSize = value;
    }
    if (NT_SUCCESS(WdfRegistryQueryULong(key, &maxName, &value)) &&
        value > 0 && value <= MEMLOOK_DEFAULT_MAX_BLOCKS) {
        s_Config->MaxBlocks = value;
    }

    WdfRegistryClose(key);
}

NTSTATUS
MemLook::CreateControlDevice(
    WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(ntName,  L"\\Device\\MemLook");
    DECLARE_CONST_UNICODE_STRING(dosName, L"\\DosDevices\\MemLook");

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG   queueConfig;
    WDFDEVICE             device;
    NTSTATUS              status;

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, MEMLOOK_DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = OnControlCleanup;

    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &MemLookGetDeviceContext(device)->SlotLock);
    if (NT_SUCCESS(status)) {
        status = WdfDeviceCreateSymbolicLink(device, &dosName);
    }
    if (NT_SUCCESS(status)) {
        WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
        queueConfig.EvtIoDeviceControl = OnIoctl;
        status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    }
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    WdfControlFinishInitializing(device);
    s_Control = device;
    return STATUS_SUCCESS;
}

NTSTATUS
MemLook::CreateLookaside(
    WDFDRIVER Driver
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Driver;

    return WdfLookasideListCreate(&attributes,
                                  s_Config->BlockSize,
                                  NonPagedPoolNx,
                                  WDF_NO_OBJECT_ATTRIBUTES,
                                  MEMLOOK_TAG,
                                  &s_Lookaside);
}

static VOID
OnControlCleanup(
    _In_ WDFOBJECT Object
    )
{
    auto ctx = MemLookGetDeviceContext(static_cast<WDFDEVICE>(Object));

    // return every block user mode still holds
    for (ULONG i = 0; i < MEMLOOK_DEFAULT_MAX_BLOCKS; i++) {
        if (ctx->Slots[i].Memory != nullptr) {
            WdfObjectDelete(ctx->Slots[i].Memory);
            ctx->Slots[i].Memory = nullptr;
        }
    }
}

VOID
MemLook::OnUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    // device first so its cleanup can hand blocks back while the list still exists
    if (s_Control != nullptr) {
        WdfObjectDelete(s_Control);
        s_Control = nullptr;
    }
}

VOID
MemLook::OnDriverCleanup(
    _In_ WDFOBJECT Object
    )
{
    UNREFERENCED_PARAMETER(Object);

    if (s_Config != nullptr) {
        ExFreePoolWithTag(s_Config, MEMLOOK_TAG);
        s_Config = nullptr;
    }
}
