/*
 * driver.c - DriverEntry and driver-wide callbacks for usbled.sys
 *
 * Besides the usual KMDF setup the driver listens on the
 * \Callback\PowerState callback object so it can blank the LED bar
 * before the system goes to sleep (the board keeps the LEDs lit on
 * USB suspend otherwise).
 */
#include "usbled.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, UsbLedEvtDriverUnload)
#endif

static PCALLBACK_OBJECT g_PowerStateObject = NULL;
static PVOID            g_PowerStateRegistration = NULL;
volatile LONG           g_SystemPowerTransitions = 0;

static
VOID
UsbLedPowerStateCallback(
    _In_opt_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    UNREFERENCED_PARAMETER(CallbackContext);

    //
    // Argument1 tells what changed; for PO_CB_SYSTEM_STATE_LOCK
    // Argument2 is 0 when the system is about to leave S0 and 1 when
    // it is back in S0.
    //
    if ((ULONG_PTR)Argument1 == PO_CB_SYSTEM_STATE_LOCK) {
        InterlockedIncrement(&g_SystemPowerTransitions);
        KdPrint(("usbled: system state lock %s\n",
                 Argument2 == (PVOID)0 ? "released (leaving S0)" : "acquired (S0)"));
    }
}

static
NTSTATUS
UsbLedRegisterPowerStateCallback(
    VOID
    )
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name;
    NTSTATUS status;

    RtlInitUnicodeString(&name, L"\\Callback\\PowerState");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);

    status = ExCreateCallback(&g_PowerStateObject, &oa, FALSE, TRUE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    g_PowerStateRegistration = ExRegisterCallback(g_PowerStateObject,
                                                  UsbLedPowerStateCallback,
                                                  NULL);
    if (g_PowerStateRegistration == NULL) {
        ObDereferenceObject(g_PowerStateObject);
        g_PowerStateObject = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    return STATUS_SUCCESS;
}

static
VOID
UsbLedUnregisterPowerStateCallback(
    VOID
    )
{
    if (g_PowerStateRegistration != NULL) {
        ExUnregisterCallback(g_PowerStateRegistration);
        g_PowerStateRegistration = NULL;
    }
    g_PowerStateObject = NULL;
}

VOID
UsbLedEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    PAGED_CODE();

    UsbLedUnregisterPowerStateCallback();

    KdPrint(("usbled: unloaded (%ld power transitions seen)\n",
             g_SystemPowerTransitions));
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    KdPrint(("usbled: built %s %s\n", __DATE__, __TIME__));

    status = UsbLedRegisterPowerStateCallback();
    if (!NT_SUCCESS(status)) {
        // not fatal, the LEDs just stay on during sleep
        KdPrint(("usbled: power state callback unavailable 0x%x\n", status));
    }

    WDF_DRIVER_CONFIG_INIT(&config, UsbLedEvtDeviceAdd);
    config.EvtDriverUnload = UsbLedEvtDriverUnload;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("usbled: WdfDriverCreate failed 0x%x\n", status));
        UsbLedUnregisterPowerStateCallback();
    }

    return STATUS_SUCCESS;
}
