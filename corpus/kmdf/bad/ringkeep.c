/*
 * ringkeep.c - non-PnP KMDF driver of the "tracering" debug log, in the
 * version whose WdfDriverCreate failure is only traced.
 *
 * BUG (WDF004, DE006): when WdfDriverCreate fails, DriverEntry goes on and returns
 * the control device's status instead; and the ring the control device's
 * context holds leaks when the link fails: the device's EvtCleanupCallback,
 * which WdfObjectDelete runs, only clears the pointer.
 */

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define RING_TAG  'gnRT'
#define RING_SIZE (64 * 1024)

typedef struct _RING_CONTEXT {
    PUCHAR Data;
    ULONG  Size;
} RING_CONTEXT, *PRING_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(RING_CONTEXT, RingContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD RingEvtDriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP RingEvtDeviceCleanup;

static NTSTATUS
RingCreateDevice(
    _In_ WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(name, L"\\Device\\TraceRing");
    WDF_OBJECT_ATTRIBUTES attributes;
    PWDFDEVICE_INIT init;
    WDFDEVICE device;
    PRING_CONTEXT ring;
    NTSTATUS status;

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = WdfDeviceInitAssignName(init, &name);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, RING_CONTEXT);
    attributes.EvtCleanupCallback = RingEvtDeviceCleanup;
    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    ring = RingContext(device);
    ring->Data = ExAllocatePool2(POOL_FLAG_NON_PAGED, RING_SIZE, RING_TAG);
    if (ring->Data == NULL) {
        WdfObjectDelete(device);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ring->Size = RING_SIZE;

    status = WdfDeviceCreateSymbolicLink(device, &name);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    WdfControlFinishInitializing(device);
    return STATUS_SUCCESS;
}

VOID
RingEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    KdPrint(("tracering: unloading\n"));
}

VOID
RingEvtDeviceCleanup(
    _In_ WDFOBJECT Object
    )
{
    PRING_CONTEXT ring = RingContext((WDFDEVICE)Object);

    ring->Data = NULL;
    ring->Size = 0;
}

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver = NULL;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = RingEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("tracering: WdfDriverCreate failed 0x%08X\n", status));
    }

    status = RingCreateDevice(driver);                  // expect: WDF015
    return status;                                      // expect: DE006, WDF004
}
