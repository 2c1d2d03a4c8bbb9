//
// dmxusb.sys -- KMDF driver for our open-hardware USB-DMX512 dongle
// (bulk OUT EP1, 513 byte frames).  The driver refreshes the universe on its
// own at 40 Hz so the lighting app only has to send changes.
//
// Frames are held back while the machine is on its way to sleep so the
// dongle does not see half-sent frames.
//
#include "dmx.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD DmxUnload;

PCALLBACK_OBJECT dmx::Power::s_Object = nullptr;
PVOID dmx::Power::s_Registration = nullptr;
volatile LONG dmx::Power::s_Sleeping = 0;

void
dmx::Power::OnPowerState(
    _In_opt_ PVOID Context,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    UNREFERENCED_PARAMETER(Context);

    if (Argument1 == reinterpret_cast<PVOID>(PO_CB_SYSTEM_STATE_LOCK)) {
        // Argument2 == 0: leaving S0, 1: back in S0
        InterlockedExchange(&s_Sleeping, Argument2 == nullptr ? 1 : 0);
    }
}

NTSTATUS
dmx::Power::Register()
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Callback\\PowerState");
    OBJECT_ATTRIBUTES oa;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, nullptr);

    NTSTATUS status = ExCreateCallback(&s_Object, &oa, FALSE, TRUE);
    if (!NT_SUCCESS(status)) {
        s_Object = nullptr;
        return status;
    }

    s_Registration = ExRegisterCallback(s_Object, OnPowerState, nullptr);
    if (s_Registration == nullptr) {
        ObDereferenceObject(s_Object);
        s_Object = nullptr;
        return STATUS_UNSUCCESSFUL;
    }
    return STATUS_SUCCESS;
}

void
dmx::Power::Unregister()
{
    // registration first, then our reference on the callback object
    if (s_Registration != nullptr) {
        ExUnregisterCallback(s_Registration);
        s_Registration = nullptr;
    }
    if (s_Object != nullptr) {
        ObDereferenceObject(s_Object);
        s_Object = nullptr;
    }
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    DMXLOG("DriverEntry %wZ", RegistryPath);

    status = dmx::Power::Register();
    if (!NT_SUCCESS(status)) {
        DMXLOG("power callback %08X", status);
        return status;
    }

    WDF_DRIVER_CONFIG_INIT(&config, dmx::DeviceAdd);
    config.EvtDriverUnload = DmxUnload;
    config.DriverPoolTag = DMX_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        DMXLOG("WdfDriverCreate %08X", status);
        // unload will never be called for us
        dmx::Power::Unregister();
        return status;
    }

    return STATUS_SUCCESS;
}

static
VOID
DmxUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    dmx::Power::Unregister();
    DMXLOG("unloaded");
}
