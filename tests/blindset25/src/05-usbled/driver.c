/*
 * driver.c - DriverEntry and the pattern table
 */
#include "usbled.h"
#include "driver.tmh"

PUSBLED_PATTERNS g_Patterns = NULL;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, UsbLedEvtDriverContextCleanup)
#endif

/* used when the registry has nothing for us */
static const UCHAR g_DefaultPatterns[][USBLED_STEPS] = {
    { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80 },   /* knight rider, half */
    { 0xFF, 0x00, 0xFF, 0x00, 0xFF, 0x00, 0xFF, 0x00 },   /* blink all          */
    { 0x81, 0x42, 0x24, 0x18, 0x18, 0x24, 0x42, 0x81 },   /* in and out         */
};

static NTSTATUS UsbLedReadRegistryPatterns(PUNICODE_STRING RegistryPath, PUSBLED_PATTERNS Patterns)
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING paramsName = RTL_CONSTANT_STRING(L"Parameters");
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"Patterns");
    HANDLE serviceKey = NULL;
    HANDLE paramsKey = NULL;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(Patterns->Steps)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &paramsName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, serviceKey, NULL);
    status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
    if (NT_SUCCESS(status)) {
        status = ZwQueryValueKey(paramsKey, &valueName, KeyValuePartialInformation,
                                 info, sizeof(buffer), &resultLength);
        if (NT_SUCCESS(status)) {
            if (info->Type != REG_BINARY || info->DataLength < USBLED_STEPS) {
                status = STATUS_OBJECT_TYPE_MISMATCH;
            } else {
                Patterns->Count = info->DataLength / USBLED_STEPS;
                RtlCopyMemory(Patterns->Steps, info->Data, Patterns->Count * USBLED_STEPS);
            }
        }
        ZwClose(paramsKey);
    }

    ZwClose(serviceKey);
    return status;
}

static NTSTATUS UsbLedLoadPatterns(PUNICODE_STRING RegistryPath)
{
    PUSBLED_PATTERNS patterns;
    NTSTATUS status;

    patterns = (PUSBLED_PATTERNS)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(USBLED_PATTERNS), USBLED_TAG);
    if (patterns == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = UsbLedReadRegistryPatterns(RegistryPath, patterns);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_DRIVER,
                    "no usable Patterns value (%!STATUS!), using defaults", status);
        patterns->Count = RTL_NUMBER_OF(g_DefaultPatterns);
        RtlCopyMemory(patterns->Steps, g_DefaultPatterns, sizeof(g_DefaultPatterns));
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%u pattern(s) loaded", patterns->Count);
    g_Patterns = patterns;
    return STATUS_SUCCESS;
}

VOID UsbLedFreePatterns(VOID)
{
    if (g_Patterns != NULL) {
        ExFreePoolWithTag(g_Patterns, USBLED_TAG);
        g_Patterns = NULL;
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status = STATUS_SUCCESS;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    status = UsbLedLoadPatterns(RegistryPath);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "UsbLedLoadPatterns failed %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = UsbLedEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, UsbLedEvtDeviceAdd);
    config.DriverPoolTag = USBLED_TAG;

    WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        UsbLedFreePatterns();
        WPP_CLEANUP(DriverObject);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Exit");
    return status;
}

VOID UsbLedEvtDriverContextCleanup(WDFOBJECT DriverObject)
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
