/*
 * vloop.sys - virtual loopback port pair for testing serial tools without
 * hardware.  Install two instances from vloop.inf (Root\VLoop); bytes written
 * to either come out of the other.
 *
 * Parameters (service key\Parameters):
 *   RingSize      REG_DWORD  ring size in bytes (default 4096)
 *   ReadTimeout   REG_DWORD  ms, 0 = wait forever
 */
#include "vloop.h"

VLOOP_GLOBALS Globals;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VLoopEvtDeviceAdd)
#pragma alloc_text(PAGE, VLoopEvtDriverUnload)
#endif

static ULONG
VLoopReadDword(
    _In_ PCWSTR ValueName,
    _In_ ULONG  Default
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG value = Default;
    ULONG def = Default;
    UNICODE_STRING params;
    WCHAR pathBuf[256];
    NTSTATUS status;

    /* <service key>\Parameters */
    RtlInitEmptyUnicodeString(&params, pathBuf, sizeof(pathBuf));
    status = RtlAppendUnicodeStringToString(&params, &Globals.RegistryPath);
    if (NT_SUCCESS(status)) {
        status = RtlAppendUnicodeToString(&params, L"\\Parameters");
    }
    if (!NT_SUCCESS(status) || params.Length + sizeof(WCHAR) > params.MaximumLength) {
        return Default;
    }
    pathBuf[params.Length / sizeof(WCHAR)] = UNICODE_NULL;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = (PWSTR)ValueName;
    table[0].EntryContext = &value;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &def;
    table[0].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, pathBuf, table, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("query %ws failed %08x", ValueName, status);
        return Default;
    }
    return value;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    ULONG ringSize;
    NTSTATUS status;

    DBG_PRINT("%wZ", RegistryPath);

    RtlZeroMemory(&Globals, sizeof(Globals));

    /* remembered for per-device settings in DeviceAdd */
    Globals.RegistryPath = *RegistryPath;

    ringSize = VLoopReadDword(L"RingSize", VLOOP_DEFAULT_RING);
    if (ringSize < 256 || ringSize > VLOOP_MAX_RING) {
        ringSize = VLOOP_DEFAULT_RING;
    }

    Globals.Ring = (PVLOOP_RING)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                FIELD_OFFSET(VLOOP_RING, Data) + ringSize,
                                                VLOOP_TAG);
    if (Globals.Ring == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeSpinLock(&Globals.Ring->Lock);
    Globals.Ring->Size = ringSize;

    WDF_DRIVER_CONFIG_INIT(&config, VLoopEvtDeviceAdd);
    config.EvtDriverUnload = VLoopEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("WdfDriverCreate failed %08x", status);
        ExFreePoolWithTag(Globals.Ring, VLOOP_TAG);
        Globals.Ring = NULL;
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
VLoopEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    PVLOOP_DEVICE ctx;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_SERIAL_PORT);
    WdfDeviceInitSetExclusive(DeviceInit, TRUE);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, VLOOP_DEVICE);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("WdfDeviceCreate failed %08x", status);
        return status;
    }

    ctx = VLoopGetDevice(device);
    ctx->Device = device;
    ctx->PortIndex = (ULONG)InterlockedIncrement(&Globals.Instances) - 1;
    ctx->ReadTimeoutMs = VLoopReadDword(L"ReadTimeout", 0);

    status = VLoopQueueInitialize(device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_VLOOP, NULL);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("interface failed %08x", status);
        return status;
    }

    DBG_PRINT("port %lu up, ring %lu bytes", ctx->PortIndex, Globals.Ring->Size);
    return STATUS_SUCCESS;
}

VOID
VLoopEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    DBG_PRINT("moved %llu bytes over %ld instance(s)",
              Globals.BytesMoved, Globals.Instances);
}
