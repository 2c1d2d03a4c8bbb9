/*
 * port.c - communication port to the user-mode agent.
 */
#include "mfstream.h"

NTSTATUS
MfsPortConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    FltAcquirePushLockExclusive(&MfsGlobals.ClientLock);
    MfsGlobals.ClientPort = ClientPort;
    FltReleasePushLock(&MfsGlobals.ClientLock);

    *ConnectionCookie = NULL;
    return STATUS_SUCCESS;
}

VOID
MfsPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    PFLT_PORT port;

    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltAcquirePushLockExclusive(&MfsGlobals.ClientLock);
    port = MfsGlobals.ClientPort;
    MfsGlobals.ClientPort = NULL;
    FltReleasePushLock(&MfsGlobals.ClientLock);

    if (port != NULL) {
        FltCloseClientPort(MfsGlobals.Filter, &port);
    }
}

NTSTATUS
MfsPortMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(InputBuffer);
    UNREFERENCED_PARAMETER(InputBufferLength);

    *ReturnOutputBufferLength = 0;

    /* the only query: how many notifications were dropped */
    if (OutputBuffer != NULL && OutputBufferLength >= sizeof(LONG)) {
        __try {
            *(PLONG)OutputBuffer = InterlockedExchange(&MfsGlobals.Dropped, 0);
            *ReturnOutputBufferLength = sizeof(LONG);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        return STATUS_SUCCESS;
    }
    return STATUS_INVALID_PARAMETER;
}

VOID
MfsSendNotification(
    _In_ PFLT_CALLBACK_DATA  Data,
    _In_ PMFS_STREAM_CONTEXT Context
    )
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PMFS_NOTIFICATION msg;
    LARGE_INTEGER timeout;
    NTSTATUS status;
    USHORT bytes;

    if (MfsGlobals.ClientPort == NULL) {
        return;
    }

    msg = ExAllocateFromNPagedLookasideList(&MfsGlobals.MessageLookaside);
    if (msg == NULL) {
        InterlockedIncrement(&MfsGlobals.Dropped);
        return;
    }
    RtlZeroMemory(msg, sizeof(*msg));

    msg->Version    = 1;
    msg->ProcessId  = FltGetRequestorProcessId(Data);
    msg->FirstWrite = Context->FirstWrite;

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (NT_SUCCESS(status)) {
        bytes = min(nameInfo->Name.Length, (USHORT)(sizeof(msg->Name) - sizeof(WCHAR)));
        RtlCopyMemory(msg->Name, nameInfo->Name.Buffer, bytes);
        msg->NameLength = bytes;
        FltReleaseFileNameInformation(nameInfo);
    }

    timeout.QuadPart = -10 * 1000 * 100;   /* 100 ms: never stall cleanup for long */

    FltAcquirePushLockShared(&MfsGlobals.ClientLock);
    if (MfsGlobals.ClientPort != NULL) {
        status = FltSendMessage(MfsGlobals.Filter, &MfsGlobals.ClientPort,
                                msg, sizeof(*msg), NULL, NULL, &timeout);
        if (status != STATUS_SUCCESS) {
            InterlockedIncrement(&MfsGlobals.Dropped);
        }
    }
    FltReleasePushLock(&MfsGlobals.ClientLock);

    ExFreeToNPagedLookasideList(&MfsGlobals.MessageLookaside, msg);
}
