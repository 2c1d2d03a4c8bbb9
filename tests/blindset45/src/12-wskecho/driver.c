/*
 * driver.c - DriverEntry, unload, configuration.
 */
#include "wskecho.h"
#include "driver.tmh"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     EchoUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, EchoConfigLoad)
#pragma alloc_text(PAGE, EchoUnload)
#endif

ECHO_GLOBALS Globals;

/*
 * Reads <service>\Parameters\Port.  Runs inside DriverEntry only; the
 * value is copied into Globals, RegistryPath itself is not kept.
 */
VOID
EchoConfigLoad(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    OBJECT_ATTRIBUTES               oa;
    HANDLE                          serviceKey = NULL;
    HANDLE                          paramsKey = NULL;
    UNICODE_STRING                  paramsName = RTL_CONSTANT_STRING(L"Parameters");
    UNICODE_STRING                  portName   = RTL_CONSTANT_STRING(L"Port");
    UCHAR                           raw[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION  kv = (PKEY_VALUE_PARTIAL_INFORMATION)raw;
    ULONG                           got = 0;
    NTSTATUS                        status;

    Globals.Port = ECHO_DEFAULT_PORT;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return;
    }

    InitializeObjectAttributes(&oa, &paramsName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, serviceKey, NULL);
    status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
    if (NT_SUCCESS(status)) {
        status = ZwQueryValueKey(paramsKey, &portName, KeyValuePartialInformation, kv, sizeof(raw), &got);
        if (NT_SUCCESS(status) && kv->Type == REG_DWORD && kv->DataLength == sizeof(ULONG)) {
            ULONG port = *(ULONG UNALIGNED *)kv->Data;
            if (port != 0 && port <= 0xFFFF) {
                Globals.Port = (USHORT)port;
            }
        }
        ZwClose(paramsKey);
    }
    ZwClose(serviceKey);
}

VOID
EchoUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "unload, %ld datagrams echoed", Globals.Echoed);

    /* thread releases its NPI capture and closes its socket on the way out */
    EchoServerStop();
    EchoWskUninit();

    WPP_CLEANUP(DriverObject);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! entry");

    RtlZeroMemory(&Globals, sizeof(Globals));
    KeInitializeEvent(&Globals.StopEvent, NotificationEvent, FALSE);

    EchoConfigLoad(RegistryPath);

    status = EchoWskInit();
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "EchoWskInit %!STATUS!", status);
        goto fail_trace;
    }

    status = EchoServerStart();
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "EchoServerStart %!STATUS!", status);
        goto fail_wsk;
    }

    DriverObject->DriverUnload = EchoUnload;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "echo on udp/%u", Globals.Port);
    return STATUS_SUCCESS;

fail_wsk:
    EchoWskUninit();
fail_trace:
    WPP_CLEANUP(DriverObject);
    return status;
}
