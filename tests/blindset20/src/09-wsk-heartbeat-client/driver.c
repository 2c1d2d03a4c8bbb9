/*++

Copyright (c) Fourth Coffee Systems.  All rights reserved.

Module Name:

    driver.c

Abstract:

    DriverEntry, configuration and teardown of the kernel heartbeat
    emitter.

Environment:

    Kernel mode.

--*/

#include "wskhb.h"

HB_GLOBALS g_Hb;

static
VOID
HbLoadConfig(
    _In_ PDRIVER_OBJECT DriverObject,
    _Out_ PHB_CONFIG Config
    );

static
BOOLEAN
HbQueryDword(
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _Out_ PULONG Value
    );

static
VOID
HbTeardown(
    _Inout_ PHB_GLOBALS Globals
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, HbLoadConfig)
#pragma alloc_text(INIT, HbQueryDword)
#pragma alloc_text(PAGE, HbTeardown)
#pragma alloc_text(PAGE, HbUnload)
#endif


static
BOOLEAN
HbQueryDword(
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _Out_ PULONG Value
    )
{
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength;
    NTSTATUS status;

    PAGED_CODE();

    *Value = 0;

    RtlInitUnicodeString(&valueName, Name);

    status = ZwQueryValueKey(Key,
                             &valueName,
                             KeyValuePartialInformation,
                             info,
                             sizeof(buffer),
                             &resultLength);
    if (!NT_SUCCESS(status) || info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return FALSE;
    }

    *Value = *(PULONG)info->Data;
    return TRUE;
}


static
VOID
HbLoadConfig(
    _In_ PDRIVER_OBJECT DriverObject,
    _Out_ PHB_CONFIG Config
    )
/*++

Routine Description:

    Reads the Parameters key.  Without a DestinationAddress the emitter
    targets the limited broadcast address on the default port.

--*/
{
    HANDLE key = NULL;
    NTSTATUS status;
    ULONG value;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"NodeName");
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + HB_NODE_NAME_CCH * sizeof(WCHAR)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength;

    PAGED_CODE();

    RtlZeroMemory(Config, sizeof(*Config));
    Config->DestinationAddress = 0xFFFFFFFF;
    Config->DestinationPort = HB_DEFAULT_PORT;
    Config->IntervalSeconds = HB_DEFAULT_INTERVAL_SEC;
    (VOID)RtlStringCchCopyW(Config->NodeName, RTL_NUMBER_OF(Config->NodeName), L"unnamed");

    status = IoOpenDriverRegistryKey(DriverObject,
                                     DriverRegKeyParameters,
                                     KEY_READ,
                                     0,
                                     &key);
    if (!NT_SUCCESS(status)) {
        HB_LOG("no Parameters key (0x%08X), defaults in use", status);
        return;
    }

    if (HbQueryDword(key, L"DestinationAddress", &value)) {
        Config->DestinationAddress = value;
    }

    if (HbQueryDword(key, L"DestinationPort", &value) && value != 0 && value <= 0xFFFF) {
        Config->DestinationPort = (USHORT)value;
    }

    if (HbQueryDword(key, L"IntervalSeconds", &value) &&
        value >= HB_MIN_INTERVAL_SEC && value <= HB_MAX_INTERVAL_SEC) {
        Config->IntervalSeconds = value;
    }

    status = ZwQueryValueKey(key,
                             &valueName,
                             KeyValuePartialInformation,
                             info,
                             sizeof(buffer),
                             &resultLength);
    if (NT_SUCCESS(status) && info->Type == REG_SZ && info->DataLength >= sizeof(WCHAR)) {
        (VOID)RtlStringCchCopyNW(Config->NodeName,
                                 RTL_NUMBER_OF(Config->NodeName),
                                 (PCWSTR)info->Data,
                                 info->DataLength / sizeof(WCHAR));
    }

    ZwClose(key);
}


static
VOID
HbTeardown(
    _Inout_ PHB_GLOBALS Globals
    )
/*++

Routine Description:

    Stops the timer and waits out any work item, then releases the
    socket, the provider NPI, the WSK registration, the work item, the
    anchor device and the payload.  Every step tolerates not having been
    reached.

--*/
{
    PAGED_CODE();

    HbStopWorker(Globals);

    HbWskCloseSocket(Globals);

    HbWskDeregister(Globals);

    if (Globals->WorkItem != NULL) {
        IoFreeWorkItem(Globals->WorkItem);
        Globals->WorkItem = NULL;
    }

    if (Globals->WorkDevice != NULL) {
        IoDeleteDevice(Globals->WorkDevice);
        Globals->WorkDevice = NULL;
    }

    HbFreePayload(Globals);
}


_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    LARGE_INTEGER dueTime;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Hb, sizeof(g_Hb));
    g_Hb.DriverObject = DriverObject;

    KeInitializeEvent(&g_Hb.WorkIdleEvent, NotificationEvent, TRUE);
    KeInitializeTimerEx(&g_Hb.Timer, SynchronizationTimer);
    KeInitializeDpc(&g_Hb.TimerDpc, HbTimerDpc, &g_Hb);

    HbLoadConfig(DriverObject, &g_Hb.Config);

    do {
        status = HbWskRegister(&g_Hb);
        if (!NT_SUCCESS(status)) {
            break;
        }

        if (!HbAllocatePayload(&g_Hb)) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }

        status = IoCreateDevice(DriverObject,
                                0,
                                NULL,
                                FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN,
                                FALSE,
                                &g_Hb.WorkDevice);
        if (!NT_SUCCESS(status)) {
            break;
        }

        g_Hb.WorkItem = IoAllocateWorkItem(g_Hb.WorkDevice);
        if (g_Hb.WorkItem == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }

        DriverObject->DriverUnload = HbUnload;

        //
        // First heartbeat one second from now, then every interval.
        //
        dueTime.QuadPart = -10 * 1000 * 1000;
        (VOID)KeSetTimerEx(&g_Hb.Timer,
                           dueTime,
                           (LONG)(g_Hb.Config.IntervalSeconds * 1000),
                           &g_Hb.TimerDpc);
        g_Hb.TimerStarted = TRUE;

        HB_LOG("started: %08X:%u every %lus as %ws",
               g_Hb.Config.DestinationAddress,
               g_Hb.Config.DestinationPort,
               g_Hb.Config.IntervalSeconds,
               g_Hb.Config.NodeName);

    } while (FALSE);

    if (!NT_SUCCESS(status)) {
        HbTeardown(&g_Hb);
    }

    return status;
}


_Use_decl_annotations_
VOID
HbUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(DriverObject);

    HB_LOG("unload after %I64u heartbeats", g_Hb.Sequence);

    HbTeardown(&g_Hb);
}
