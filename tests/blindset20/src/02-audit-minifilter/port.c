/*++

Copyright (c) Northwind Security.  All rights reserved.

Module Name:

    port.c

Abstract:

    Filter communication port: creation, the single client connection,
    commands from the service and event delivery to it.

Environment:

    Kernel mode.

--*/

#include "audflt.h"

static
NTSTATUS
AudPortConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionPortCookie
    );

static
VOID
AudPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    );

static
NTSTATUS
AudPortMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, AudCreateServerPort)
#pragma alloc_text(PAGE, AudCloseServerPort)
#pragma alloc_text(PAGE, AudPortConnect)
#pragma alloc_text(PAGE, AudPortDisconnect)
#pragma alloc_text(PAGE, AudPortMessage)
#endif


_Use_decl_annotations_
NTSTATUS
AudCreateServerPort(
    PAUD_GLOBALS Globals
    )
/*++

Routine Description:

    Creates the server port, restricted to SYSTEM and administrators by
    the default filter port security descriptor.

--*/
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR securityDescriptor = NULL;
    OBJECT_ATTRIBUTES attributes;
    UNICODE_STRING portName;
    PFLT_PORT serverPort = NULL;

    PAGED_CODE();

    status = FltBuildDefaultSecurityDescriptor(&securityDescriptor, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&portName, AUD_PORT_NAME);

    InitializeObjectAttributes(&attributes,
                               &portName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL,
                               securityDescriptor);

    status = FltCreateCommunicationPort(Globals->Filter,
                                        &serverPort,
                                        &attributes,
                                        Globals,
                                        AudPortConnect,
                                        AudPortDisconnect,
                                        AudPortMessage,
                                        AUD_MAX_CONNECTIONS);

    //
    // The port keeps its own copy of the descriptor.
    //
    FltFreeSecurityDescriptor(securityDescriptor);

    if (NT_SUCCESS(status)) {
        Globals->ServerPort = serverPort;
        AUD_DBG(AUD_DBG_PORT, "server port %ws created", AUD_PORT_NAME);
    }

    return status;
}


_Use_decl_annotations_
VOID
AudCloseServerPort(
    PAUD_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (Globals->ServerPort != NULL) {
        FltCloseCommunicationPort(Globals->ServerPort);
        Globals->ServerPort = NULL;
    }
}


static
NTSTATUS
AudPortConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionPortCookie
    )
{
    PAUD_GLOBALS globals = (PAUD_GLOBALS)ServerPortCookie;
    NTSTATUS status = STATUS_SUCCESS;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    NT_ASSERT(globals == &g_Aud);

    FltAcquirePushLockExclusive(&globals->ClientLock);

    if (globals->ClientPort != NULL) {
        status = STATUS_CONNECTION_COUNT_LIMIT;
    } else {
        globals->ClientPort = ClientPort;
        globals->ClientProcessId = PsGetCurrentProcessId();
    }

    FltReleasePushLock(&globals->ClientLock);

    *ConnectionPortCookie = NULL;

    AUD_DBG(AUD_DBG_PORT, "connect from pid %p: 0x%08X", PsGetCurrentProcessId(), status);

    return status;
}


static
VOID
AudPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    PFLT_PORT clientPort;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltAcquirePushLockExclusive(&g_Aud.ClientLock);
    clientPort = g_Aud.ClientPort;
    g_Aud.ClientPort = NULL;
    g_Aud.ClientProcessId = NULL;
    FltReleasePushLock(&g_Aud.ClientLock);

    if (clientPort != NULL) {
        FltCloseClientPort(g_Aud.Filter, &clientPort);
    }

    AUD_DBG(AUD_DBG_PORT, "client disconnected");
}


static
NTSTATUS
AudPortMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
/*++

Routine Description:

    Commands from the service.  Buffers are user-mode addresses of the
    calling process and are accessed under exception handling.

--*/
{
    AUD_COMMAND_MESSAGE command;
    AUD_STATISTICS snapshot;
    NTSTATUS status = STATUS_SUCCESS;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(PortCookie);

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(AUD_COMMAND_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        ProbeForRead(InputBuffer, sizeof(command), TYPE_ALIGNMENT(ULONG));
        RtlCopyMemory(&command, InputBuffer, sizeof(command));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (command.Command) {

    case AudCommandSetMask:
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&g_Aud.ConfigResource, TRUE);
        g_Aud.AuditMask = command.Argument;
        ExReleaseResourceLite(&g_Aud.ConfigResource);
        KeLeaveCriticalRegion();
        break;

    case AudCommandPause:
    case AudCommandResume:
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&g_Aud.ConfigResource, TRUE);
        g_Aud.Paused = (command.Command == AudCommandPause);
        ExReleaseResourceLite(&g_Aud.ConfigResource);
        KeLeaveCriticalRegion();
        break;

    case AudCommandGetStatistics:
        if (OutputBuffer == NULL || OutputBufferLength < sizeof(AUD_STATISTICS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }

        snapshot.EventsSent = InterlockedCompareExchange64(&g_Aud.Stats.EventsSent, 0, 0);
        snapshot.EventsDropped = InterlockedCompareExchange64(&g_Aud.Stats.EventsDropped, 0, 0);
        snapshot.StreamContextsCreated = InterlockedCompareExchange64(&g_Aud.Stats.StreamContextsCreated, 0, 0);
        snapshot.InstancesAttached = g_Aud.Stats.InstancesAttached;

        __try {
            ProbeForWrite(OutputBuffer, sizeof(snapshot), TYPE_ALIGNMENT(LONG64));
            RtlCopyMemory(OutputBuffer, &snapshot, sizeof(snapshot));
            *ReturnOutputBufferLength = sizeof(snapshot);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            status = GetExceptionCode();
        }
        break;

    default:
        status = STATUS_INVALID_PARAMETER;
        break;
    }

    return status;
}


_Use_decl_annotations_
VOID
AudSendEvent(
    AUD_EVENT_TYPE Type,
    PAUD_INSTANCE_CONTEXT InstanceContext,
    PCUNICODE_STRING FileName
    )
/*++

Routine Description:

    Sends one audit record to the connected service, if any.  Delivery is
    best effort: a slow or absent service drops events rather than
    stalling file I/O.

--*/
{
    PAUD_EVENT_MESSAGE message;
    LARGE_INTEGER timeout;
    NTSTATUS status;

    if (g_Aud.ClientPort == NULL) {
        return;
    }

    message = (PAUD_EVENT_MESSAGE)ExAllocatePool2(POOL_FLAG_PAGED,
                                                  sizeof(AUD_EVENT_MESSAGE),
                                                  AUD_TAG_MESSAGE);
    if (message == NULL) {
        InterlockedIncrement64(&g_Aud.Stats.EventsDropped);
        return;
    }

    message->Version = AUD_MESSAGE_VERSION;
    message->Type = Type;
    message->Sequence = InterlockedIncrement64(&g_Aud.Sequence);
    message->ProcessId = (ULONG_PTR)PsGetCurrentProcessId();
    KeQuerySystemTimePrecise(&message->Timestamp);

    (VOID)RtlStringCchCopyW(message->Volume,
                            RTL_NUMBER_OF(message->Volume),
                            InstanceContext->VolumeNameBuffer);

    (VOID)RtlStringCchCopyNW(message->Path,
                             RTL_NUMBER_OF(message->Path),
                             FileName->Buffer,
                             FileName->Length / sizeof(WCHAR));

    timeout.QuadPart = -10000LL * AUD_SEND_TIMEOUT_MS;

    FltAcquirePushLockShared(&g_Aud.ClientLock);

    if (g_Aud.ClientPort != NULL) {
        status = FltSendMessage(g_Aud.Filter,
                                &g_Aud.ClientPort,
                                message,
                                sizeof(AUD_EVENT_MESSAGE),
                                NULL,
                                NULL,
                                &timeout);
    } else {
        status = STATUS_PORT_DISCONNECTED;
    }

    FltReleasePushLock(&g_Aud.ClientLock);

    if (status == STATUS_SUCCESS) {
        InterlockedIncrement64(&g_Aud.Stats.EventsSent);
    } else {
        InterlockedIncrement64(&g_Aud.Stats.EventsDropped);
    }

    ExFreePoolWithTag(message, AUD_TAG_MESSAGE);
}
