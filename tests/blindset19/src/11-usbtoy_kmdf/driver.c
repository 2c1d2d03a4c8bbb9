/*
 * driver.c - UsbToy driver object, global pattern table
 */
#include "usbtoy.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, UsbToyEvtDriverContextCleanup)
#endif

/* LED bar animations selectable with IOCTL_USBTOY_PLAY_PATTERN */
PUSBTOY_PATTERN g_Patterns;

static const UCHAR s_DefaultPatterns[USBTOY_PATTERN_COUNT][USBTOY_PATTERN_STEPS] = {
    { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80 },   /* walk up */
    { 0x80, 0x40, 0x20, 0x10, 0x08, 0x04, 0x02, 0x01 },   /* walk down */
    { 0x01, 0x03, 0x07, 0x0F, 0x1F, 0x3F, 0x7F, 0xFF },   /* fill */
    { 0xFF, 0x7F, 0x3F, 0x1F, 0x0F, 0x07, 0x03, 0x01 },   /* drain */
    { 0x81, 0x42, 0x24, 0x18, 0x18, 0x24, 0x42, 0x81 },   /* bounce */
    { 0xAA, 0x55, 0xAA, 0x55, 0xAA, 0x55, 0xAA, 0x55 },   /* blink */
    { 0x0F, 0xF0, 0x0F, 0xF0, 0x0F, 0xF0, 0x0F, 0xF0 },   /* halves */
    { 0x00, 0xFF, 0x00, 0xFF, 0x00, 0xFF, 0x00, 0x00 },   /* flash */
};

static NTSTATUS
UsbToyInitGlobals(VOID)
{
    ULONG i;

    g_Patterns = (PUSBTOY_PATTERN)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                  USBTOY_PATTERN_COUNT * sizeof(USBTOY_PATTERN),
                                                  USBTOY_TAG);
    if (g_Patterns == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    for (i = 0; i < USBTOY_PATTERN_COUNT; i++) {
        RtlCopyMemory(g_Patterns[i].Steps, s_DefaultPatterns[i], USBTOY_PATTERN_STEPS);
    }
    return STATUS_SUCCESS;
}

VOID
UsbToyEvtDriverContextCleanup(WDFOBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    if (g_Patterns != NULL) {
        ExFreePoolWithTag(g_Patterns, USBTOY_TAG);
        g_Patterns = NULL;
    }
    KdPrint(("UsbToy: driver object cleanup\n"));
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    KdPrint(("UsbToy: DriverEntry, built %s %s\n", __DATE__, __TIME__));

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = UsbToyEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, UsbToyEvtDeviceAdd);
    config.DriverPoolTag = USBTOY_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("UsbToy: WdfDriverCreate failed 0x%08X\n", status));
    }

    status = UsbToyInitGlobals();
    if (!NT_SUCCESS(status)) {
        KdPrint(("UsbToy: pattern table allocation failed\n"));
    }

    return status;
}
