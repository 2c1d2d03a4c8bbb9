/*
 * gpiobank.c - GPIO controller driver for the 32-pin general-purpose bank of
 * an SoC's always-on block. It is a client of the GPIO framework extension:
 * DriverEntry creates the framework driver, then registers its callbacks
 * with GpioClx through GPIO_CLX_RegisterClient. GpioClx owns the device's
 * I/O and interrupts; the callbacks only touch the bank's registers.
 *
 * BUG (DE011): EvtDriverUnload only traces. The registration with GpioClx
 * is never cancelled with GPIO_CLX_UnregisterClient, so the extension keeps
 * the packet's callbacks, which point into the unloaded image.
 */

#include <ntddk.h>
#include <wdf.h>
#include <gpioclx.h>

#define GB_PINS         32
#define GB_REG_INPUT    0x00
#define GB_REG_INT_EN   0x10

typedef struct _GB_CONTEXT {
    PUCHAR Registers;
    ULONG RegistersLength;
    ULONG64 EnabledMask;
} GB_CONTEXT, *PGB_CONTEXT;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD GbEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD GbEvtDriverUnload;
GPIO_CLIENT_PREPARE_CONTROLLER GbPrepareController;
GPIO_CLIENT_RELEASE_CONTROLLER GbReleaseController;
GPIO_CLIENT_QUERY_CONTROLLER_BASIC_INFORMATION GbQueryBasicInformation;
GPIO_CLIENT_ENABLE_INTERRUPT GbEnableInterrupt;
GPIO_CLIENT_DISABLE_INTERRUPT GbDisableInterrupt;
GPIO_CLIENT_READ_PINS_MASK GbReadPins;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, GbEvtDeviceAdd)
#pragma alloc_text(PAGE, GbEvtDriverUnload)
#endif

_Use_decl_annotations_
NTSTATUS
GbPrepareController(WDFDEVICE Device, PVOID Context, WDFCMRESLIST ResourcesRaw, WDFCMRESLIST ResourcesTranslated)
{
    PGB_CONTEXT gb = (PGB_CONTEXT)Context;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR res;

    UNREFERENCED_PARAMETER(Device);
    UNREFERENCED_PARAMETER(ResourcesRaw);
    res = WdfCmResourceListGetDescriptor(ResourcesTranslated, 0);
    if (res == NULL || res->Type != CmResourceTypeMemory) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    gb->Registers = (PUCHAR)MmMapIoSpace(res->u.Memory.Start, res->u.Memory.Length, MmNonCached);
    if (gb->Registers == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    gb->RegistersLength = res->u.Memory.Length;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
GbReleaseController(WDFDEVICE Device, PVOID Context)
{
    PGB_CONTEXT gb = (PGB_CONTEXT)Context;

    UNREFERENCED_PARAMETER(Device);
    if (gb->Registers != NULL) {
        MmUnmapIoSpace(gb->Registers, gb->RegistersLength);
        gb->Registers = NULL;
    }
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
GbQueryBasicInformation(PVOID Context, PCLIENT_CONTROLLER_BASIC_INFORMATION Information)
{
    UNREFERENCED_PARAMETER(Context);
    Information->Version = GPIO_CONTROLLER_BASIC_INFORMATION_VERSION;
    Information->Size = sizeof(*Information);
    Information->TotalPins = GB_PINS;
    Information->NumberOfPinsPerBank = GB_PINS;
    Information->Flags.MemoryMappedController = 1;
    Information->Flags.FormatIoRequestsAsMasks = 1;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
GbEnableInterrupt(PVOID Context, PGPIO_ENABLE_INTERRUPT_PARAMETERS EnableParameters)
{
    PGB_CONTEXT gb = (PGB_CONTEXT)Context;

    if (EnableParameters->InterruptMode == Latched && EnableParameters->Polarity == InterruptActiveBoth) {
        return STATUS_NOT_SUPPORTED;
    }
    gb->EnabledMask |= 1ULL << EnableParameters->PinNumber;
    WRITE_REGISTER_ULONG((PULONG)(gb->Registers + GB_REG_INT_EN), (ULONG)gb->EnabledMask);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
GbDisableInterrupt(PVOID Context, PGPIO_DISABLE_INTERRUPT_PARAMETERS DisableParameters)
{
    PGB_CONTEXT gb = (PGB_CONTEXT)Context;

    gb->EnabledMask &= ~(1ULL << DisableParameters->PinNumber);
    WRITE_REGISTER_ULONG((PULONG)(gb->Registers + GB_REG_INT_EN), (ULONG)gb->EnabledMask);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
GbReadPins(PVOID Context, PGPIO_READ_PINS_MASK_PARAMETERS ReadParameters)
{
    PGB_CONTEXT gb = (PGB_CONTEXT)Context;

    *ReadParameters->PinValues = READ_REGISTER_ULONG((PULONG)(gb->Registers + GB_REG_INPUT));
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
GbEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE device;
    NTSTATUS status;

    PAGED_CODE();
    status = GPIO_CLX_ProcessAddDevicePreDeviceCreate(Driver, DeviceInit, &attributes);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return GPIO_CLX_ProcessAddDevicePostDeviceCreate(Driver, device);
}

_Use_decl_annotations_
VOID
GbEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "gpiobank: unloading\n"));
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    GPIO_CLIENT_REGISTRATION_PACKET registration;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, GbEvtDeviceAdd);
    config.EvtDriverUnload = GbEvtDriverUnload;
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&registration, sizeof(registration));
    registration.Version = GPIO_CLIENT_VERSION;
    registration.Size = sizeof(GPIO_CLIENT_REGISTRATION_PACKET);
    registration.ControllerContextSize = sizeof(GB_CONTEXT);
    registration.CLIENT_PrepareController = GbPrepareController;
    registration.CLIENT_ReleaseController = GbReleaseController;
    registration.CLIENT_QueryControllerBasicInformation = GbQueryBasicInformation;
    registration.CLIENT_EnableInterrupt = GbEnableInterrupt;
    registration.CLIENT_DisableInterrupt = GbDisableInterrupt;
    registration.CLIENT_ReadGpioPinsUsingMask = GbReadPins;

    status = GPIO_CLX_RegisterClient(driver, &registration, RegistryPath); // expect: DE011
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "gpiobank: GPIO_CLX_RegisterClient failed 0x%x\n",
                   status));
        return status;
    }
    return STATUS_SUCCESS;
}
