/*++

Module Name:

    driver.c

Abstract:

    DriverEntry, DriverUnload, configuration and the message queue of
    KSyslog.

    Initialization is a do { } while (FALSE) ladder that records each
    completed step in WlGlobals.Flags; WlTeardown is shared by the failure
    path and by WlUnload and undoes exactly the flagged steps, newest first.

Environment:

    Kernel mode

--*/

#include "wsklog.h"

WL_GLOBALS WlGlobals;

//
// WskRegister keeps a pointer to the client dispatch table until
// WskDeregister, so it lives in static storage. (The WSK_CLIENT_NPI that
// carries the pointer is only read during WskRegister and can be a local.)
//
static const WSK_CLIENT_DISPATCH WlClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    NULL
};

static
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
WlReadConfig(
    _Inout_ PWL_GLOBALS Globals,
    _In_ PUNICODE_STRING RegistryPath
    );

static
_IRQL_requires_(PASSIVE_LEVEL)
VOID
WlTeardown(
    _Inout_ PWL_GLOBALS Globals
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, WlReadConfig)
#pragma alloc_text(PAGE, WlUnload)
#pragma alloc_text(PAGE, WlTeardown)
#endif

static NTSTATUS
WlQueryValue(
    _In_ HANDLE Key,
    _In_z_ PCWSTR Name,
    _In_ ULONG ExpectedType,
    _Out_writes_bytes_(Size) PVOID Data,
    _In_ ULONG Size,
    _Out_opt_ PULONG DataLength
    )
{
    NTSTATUS status;
    UNICODE_STRING valueName;
    UCHAR buffer[FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + 64 * sizeof(WCHAR)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &resultLength);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (info->Type != ExpectedType || info->DataLength > Size) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }

    RtlCopyMemory(Data, info->Data, info->DataLength);
    if (DataLength != NULL) {
        *DataLength = info->DataLength;
    }
    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
NTSTATUS
WlReadConfig(
    PWL_GLOBALS Globals,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    HANDLE serviceKey = NULL;
    HANDLE paramsKey = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING paramsName = RTL_CONSTANT_STRING(L"Parameters");
    WCHAR address[40];
    ULONG length = 0;
    ULONG value;
    PCWSTR terminator;
    IN_ADDR addr;

    PAGED_CODE();

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &paramsName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               serviceKey, NULL);
    status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
    ZwClose(serviceKey);
    if (!NT_SUCCESS(status)) {
        WL_ERR("no Parameters key 0x%08X", status);
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    RtlZeroMemory(address, sizeof(address));
    status = WlQueryValue(paramsKey, L"ServerAddress", REG_SZ, address,
                          sizeof(address) - sizeof(WCHAR), &length);
    if (!NT_SUCCESS(status)) {
        WL_ERR("ServerAddress missing or invalid 0x%08X", status);
        status = STATUS_DEVICE_CONFIGURATION_ERROR;
        goto Exit;
    }

    status = RtlIpv4StringToAddressW(address, TRUE, &terminator, &addr);
    if (!NT_SUCCESS(status)) {
        WL_ERR("ServerAddress is not an IPv4 address");
        status = STATUS_DEVICE_CONFIGURATION_ERROR;
        goto Exit;
    }

    RtlZeroMemory(&Globals->Collector, sizeof(Globals->Collector));
    Globals->Collector.sin_family = AF_INET;
    Globals->Collector.sin_addr = addr;
    Globals->Collector.sin_port = RtlUshortByteSwap((USHORT)WL_DEFAULT_PORT);

    if (NT_SUCCESS(WlQueryValue(paramsKey, L"ServerPort", REG_DWORD, &value, sizeof(value), NULL)) &&
        value != 0 && value <= 0xFFFF) {
        Globals->Collector.sin_port = RtlUshortByteSwap((USHORT)value);
    }

    Globals->HeartbeatSec = WL_DEFAULT_HEARTBEAT;
    if (NT_SUCCESS(WlQueryValue(paramsKey, L"HeartbeatSec", REG_DWORD, &value, sizeof(value), NULL))) {
        Globals->HeartbeatSec = value;
    }

    status = STATUS_SUCCESS;

Exit:
    ZwClose(paramsKey);
    return status;
}

_Use_decl_annotations_
VOID
WlQueueMessage(
    PWL_GLOBALS Globals,
    ULONG Severity,
    PCSTR Format,
    ...
    )
{
    PWL_MESSAGE msg;
    va_list args;
    size_t remaining = 0;
    KIRQL irql;
    BOOLEAN queued = FALSE;
    NTSTATUS status;

    if (!FlagOn(Globals->Flags, WL_FLAG_LOOKASIDE)) {
        return;
    }

    msg = (PWL_MESSAGE)ExAllocateFromNPagedLookasideList(&Globals->MessageLookaside);
    if (msg == NULL) {
        InterlockedIncrement(&Globals->Dropped);
        return;
    }

    // facility 0 (kern), RFC 5424 header with nil timestamp/host
    status = RtlStringCbPrintfExA(msg->Text, sizeof(msg->Text), NULL, &remaining, 0,
                                  "<%lu>1 - - ksyslog - - - ", Severity & 7);
    if (NT_SUCCESS(status)) {
        va_start(args, Format);
        status = RtlStringCbVPrintfExA(msg->Text + (sizeof(msg->Text) - remaining), remaining,
                                       NULL, &remaining, STRSAFE_IGNORE_NULLS, Format, args);
        va_end(args);
    }
    if (!NT_SUCCESS(status) && status != STATUS_BUFFER_OVERFLOW) {
        ExFreeToNPagedLookasideList(&Globals->MessageLookaside, msg);
        InterlockedIncrement(&Globals->Dropped);
        return;
    }
    msg->Length = (ULONG)(sizeof(msg->Text) - remaining);

    KeAcquireSpinLock(&Globals->QueueLock, &irql);
    if (Globals->QueueDepth < WL_MAX_QUEUED) {
        InsertTailList(&Globals->Queue, &msg->Link);
        Globals->QueueDepth++;
        queued = TRUE;
    }
    KeReleaseSpinLock(&Globals->QueueLock, irql);

    if (queued) {
        KeSetEvent(&Globals->WakeEvent, IO_NO_INCREMENT, FALSE);
    } else {
        ExFreeToNPagedLookasideList(&Globals->MessageLookaside, msg);
        InterlockedIncrement(&Globals->Dropped);
    }
}

static VOID
WlFlushQueue(
    _Inout_ PWL_GLOBALS Globals
    )
{
    PLIST_ENTRY le;
    KIRQL irql;

    for (;;) {
        KeAcquireSpinLock(&Globals->QueueLock, &irql);
        le = IsListEmpty(&Globals->Queue) ? NULL : RemoveHeadList(&Globals->Queue);
        if (le != NULL) {
            Globals->QueueDepth--;
        }
        KeReleaseSpinLock(&Globals->QueueLock, irql);

        if (le == NULL) {
            break;
        }
        ExFreeToNPagedLookasideList(&Globals->MessageLookaside,
                                    CONTAINING_RECORD(le, WL_MESSAGE, Link));
    }
}

static
_Use_decl_annotations_
VOID
WlTeardown(
    PWL_GLOBALS Globals
    )
{
    PAGED_CODE();

    //
    // 1. Worker: it closes its socket and releases the provider NPI before
    //    it exits, and WlStopWorker waits for that.
    //
    if (FlagOn(Globals->Flags, WL_FLAG_WORKER)) {
        WlStopWorker(Globals);
        ClearFlag(Globals->Flags, WL_FLAG_WORKER);
    }

    //
    // 2. WSK registration. WskDeregister waits for outstanding captures and
    //    sockets, of which there are none left at this point.
    //
    if (FlagOn(Globals->Flags, WL_FLAG_WSK_REGISTERED)) {
        WskDeregister(&Globals->Registration);
        ClearFlag(Globals->Flags, WL_FLAG_WSK_REGISTERED);
    }

    //
    // 3. Whatever never got sent, then the lookaside list itself.
    //
    if (FlagOn(Globals->Flags, WL_FLAG_LOOKASIDE)) {
        WlFlushQueue(Globals);
        ClearFlag(Globals->Flags, WL_FLAG_LOOKASIDE);
        ExDeleteNPagedLookasideList(&Globals->MessageLookaside);
    }
}

_Use_decl_annotations_
VOID
WlUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    WL_LOG("unloading: %ld sent, %ld dropped", WlGlobals.Sent, WlGlobals.Dropped);
    WlTeardown(&WlGlobals);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WSK_CLIENT_NPI clientNpi;
    CHAR addressText[16];

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    RtlZeroMemory(&WlGlobals, sizeof(WlGlobals));
    KeInitializeEvent(&WlGlobals.StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&WlGlobals.WakeEvent, SynchronizationEvent, FALSE);
    KeInitializeSpinLock(&WlGlobals.QueueLock);
    InitializeListHead(&WlGlobals.Queue);

    do {
        status = WlReadConfig(&WlGlobals, RegistryPath);
        if (!NT_SUCCESS(status)) {
            break;
        }

        ExInitializeNPagedLookasideList(&WlGlobals.MessageLookaside,
                                        NULL,
                                        NULL,
                                        POOL_NX_ALLOCATION,
                                        sizeof(WL_MESSAGE),
                                        WL_TAG,
                                        0);
        SetFlag(WlGlobals.Flags, WL_FLAG_LOOKASIDE);

        clientNpi.ClientContext = &WlGlobals;
        clientNpi.Dispatch = &WlClientDispatch;
        status = WskRegister(&clientNpi, &WlGlobals.Registration);
        if (!NT_SUCCESS(status)) {
            WL_ERR("WskRegister 0x%08X", status);
            break;
        }
        SetFlag(WlGlobals.Flags, WL_FLAG_WSK_REGISTERED);

        RtlIpv4AddressToStringA(&WlGlobals.Collector.sin_addr, addressText);
        WlQueueMessage(&WlGlobals, 6, "KSyslog starting, collector %s:%u",
                       addressText, RtlUshortByteSwap(WlGlobals.Collector.sin_port));

        status = WlStartWorker(&WlGlobals);
        if (!NT_SUCCESS(status)) {
            WL_ERR("WlStartWorker 0x%08X", status);
            break;
        }
        SetFlag(WlGlobals.Flags, WL_FLAG_WORKER);

    } while (FALSE);

    if (!NT_SUCCESS(status)) {
        WlTeardown(&WlGlobals);
        return status;
    }

    DriverObject->DriverUnload = WlUnload;
    return STATUS_SUCCESS;
}
