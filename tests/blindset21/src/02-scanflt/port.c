/*++
Module Name:
    port.c

Abstract:
    Filter communication port: server port lifetime, client connect and
    disconnect, inbound commands and outbound scan requests.
--*/
#include "scanflt.h"

#define SF_VERSION 0x00020001

static
NTSTATUS FLTAPI
SfPortConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie
    );

static
VOID FLTAPI
SfPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    );

static
NTSTATUS FLTAPI
SfPortMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, SfCreateServerPort)
#pragma alloc_text(PAGE, SfCloseServerPort)
#pragma alloc_text(PAGE, SfPortConnect)
#pragma alloc_text(PAGE, SfPortDisconnect)
#pragma alloc_text(PAGE, SfPortMessage)
#pragma alloc_text(PAGE, SfScanFileInUserMode)
#endif

_Use_decl_annotations_
NTSTATUS
SfCreateServerPort(
    PSF_GLOBALS Globals
    )
{
    NTSTATUS             status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES    oa;
    UNICODE_STRING       portName = RTL_CONSTANT_STRING(SF_PORT_NAME);

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa,
                               &portName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL,
                               sd);

    status = FltCreateCommunicationPort(Globals->Filter,
                                        &Globals->ServerPort,
                                        &oa,
                                        Globals,
                                        SfPortConnect,
                                        SfPortDisconnect,
                                        SfPortMessage,
                                        SF_MAX_CONNECTIONS);

    //
    // The port keeps its own reference to the descriptor.
    //
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        Globals->ServerPort = NULL;
    }
    return status;
}

_Use_decl_annotations_
VOID
SfCloseServerPort(
    PSF_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (Globals->ServerPort != NULL) {
        FltCloseCommunicationPort(Globals->ServerPort);
        Globals->ServerPort = NULL;
    }
}

static
_Use_decl_annotations_
NTSTATUS FLTAPI
SfPortConnect(
    PFLT_PORT ClientPort,
    PVOID     ServerPortCookie,
    PVOID     ConnectionContext,
    ULONG     SizeOfContext,
    PVOID    *ConnectionCookie
    )
{
    PSF_GLOBALS globals = (PSF_GLOBALS)ServerPortCookie;

    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    PAGED_CODE();

    if (globals == NULL) {
        return STATUS_INVALID_PARAMETER;
    }

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&globals->PortLock, TRUE);

    NT_ASSERT(globals->ClientPort == NULL);
    globals->ClientPort = ClientPort;
    globals->UserProcess = PsGetCurrentProcess();

    ExReleaseResourceLite(&globals->PortLock);
    KeLeaveCriticalRegion();

    *ConnectionCookie = globals;

    SF_TRACE(SF_DBG_PORT, "client connected, pid %p", PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
VOID FLTAPI
SfPortDisconnect(
    PVOID ConnectionCookie
    )
{
    PSF_GLOBALS globals = (PSF_GLOBALS)ConnectionCookie;
    PFLT_PORT   clientPort;

    PAGED_CODE();

    if (globals == NULL) {
        return;
    }

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&globals->PortLock, TRUE);

    clientPort = globals->ClientPort;
    globals->ClientPort = NULL;
    globals->UserProcess = NULL;

    ExReleaseResourceLite(&globals->PortLock);
    KeLeaveCriticalRegion();

    FltCloseClientPort(globals->Filter, &clientPort);

    SF_TRACE(SF_DBG_PORT, "client disconnected");
}

static
_Use_decl_annotations_
NTSTATUS FLTAPI
SfPortMessage(
    PVOID  PortCookie,
    PVOID  InputBuffer,
    ULONG  InputBufferLength,
    PVOID  OutputBuffer,
    ULONG  OutputBufferLength,
    PULONG ReturnOutputBufferLength
    )
{
    PSF_GLOBALS        globals = (PSF_GLOBALS)PortCookie;
    SF_COMMAND_MESSAGE command;
    NTSTATUS           status = STATUS_SUCCESS;

    PAGED_CODE();

    *ReturnOutputBufferLength = 0;

    if (globals == NULL ||
        InputBuffer == NULL ||
        InputBufferLength < sizeof(SF_COMMAND_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }

    //
    // The input buffer is a raw user-mode address.
    //
    __try {
        ProbeForRead(InputBuffer, sizeof(command), sizeof(ULONG));
        command = *(PSF_COMMAND_MESSAGE)InputBuffer;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (command.Command) {
    case SfCmdGetVersion:
        if (OutputBuffer == NULL || OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        __try {
            ProbeForWrite(OutputBuffer, sizeof(ULONG), sizeof(ULONG));
            *(PULONG)OutputBuffer = SF_VERSION;
            *ReturnOutputBufferLength = sizeof(ULONG);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            status = GetExceptionCode();
        }
        break;

    case SfCmdSetEnabled:
        InterlockedExchange(&globals->Enabled, command.Value != 0 ? 1 : 0);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    return status;
}

_Use_decl_annotations_
NTSTATUS
SfScanFileInUserMode(
    PFLT_INSTANCE Instance,
    PFILE_OBJECT  FileObject,
    PBOOLEAN      SafeToOpen
    )
{
    NTSTATUS         status;
    PSF_NOTIFICATION notification = NULL;
    LARGE_INTEGER    offset;
    LARGE_INTEGER    timeout;
    ULONG            bytesRead = 0;
    ULONG            replyLength;
    SF_REPLY_MESSAGE reply;
    PFLT_PORT        clientPort = NULL;

    PAGED_CODE();

    *SafeToOpen = TRUE;

    if (g_Sf.Enabled == 0) {
        return STATUS_SUCCESS;
    }

    notification = (PSF_NOTIFICATION)
        ExAllocateFromNPagedLookasideList(&g_Sf.NotificationLookaside);
    if (notification == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    do {
        offset.QuadPart = 0;
        status = FltReadFile(Instance,
                             FileObject,
                             &offset,
                             SF_READ_CHUNK,
                             notification->Contents,
                             FLTFL_IO_OPERATION_NON_CACHED |
                                 FLTFL_IO_OPERATION_DO_NOT_UPDATE_BYTE_OFFSET,
                             &bytesRead,
                             NULL,
                             NULL);
        if (!NT_SUCCESS(status) && status != STATUS_END_OF_FILE) {
            break;
        }
        notification->BytesToScan = bytesRead;

        KeEnterCriticalRegion();
        ExAcquireResourceSharedLite(&g_Sf.PortLock, TRUE);
        clientPort = g_Sf.ClientPort;

        if (clientPort == NULL) {
            ExReleaseResourceLite(&g_Sf.PortLock);
            KeLeaveCriticalRegion();
            status = STATUS_SUCCESS;
            break;
        }

        replyLength = sizeof(reply);
        timeout.QuadPart = -10000LL * SF_REPLY_TIMEOUT_MS;

        status = FltSendMessage(g_Sf.Filter,
                                &clientPort,
                                notification,
                                sizeof(SF_NOTIFICATION),
                                &reply,
                                &replyLength,
                                &timeout);

        ExReleaseResourceLite(&g_Sf.PortLock);
        KeLeaveCriticalRegion();

        if (status == STATUS_SUCCESS) {
            *SafeToOpen = reply.Reply.SafeToOpen;
        } else {
            SF_TRACE(SF_DBG_PORT, "send failed 0x%08X", status);
            status = STATUS_SUCCESS;
        }
    } while (FALSE);

    ExFreeToNPagedLookasideList(&g_Sf.NotificationLookaside, notification);
    return status;
}
