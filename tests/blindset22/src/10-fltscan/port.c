/*++

Module Name:

    port.c

Abstract:

    Communication port between FltScan and the user-mode scan service.

    Only one connection is accepted (MaxConnections = 1). The connecting
    process is remembered so its own file I/O is never sent back to it for
    scanning, which would deadlock the service.

Environment:

    Kernel mode

--*/

#include "fltscan.h"

static NTSTATUS FLTAPI
FsPortConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionPortCookie
    );

static VOID FLTAPI
FsPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    );

static NTSTATUS FLTAPI
FsPortMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, FsPortCreate)
#pragma alloc_text(PAGE, FsPortClose)
#pragma alloc_text(PAGE, FsPortConnect)
#pragma alloc_text(PAGE, FsPortDisconnect)
#pragma alloc_text(PAGE, FsPortMessage)
#pragma alloc_text(PAGE, FsPortScanFile)
#endif

_Use_decl_annotations_
NTSTATUS
FsPortCreate(
    PFS_GLOBALS Globals
    )
/*++

Routine Description:

    Creates the server port. The security descriptor only lives for the
    duration of this call; FltCreateCommunicationPort captures it.

    On failure Globals->ServerPort stays NULL and nothing is left allocated.

--*/
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName;

    PAGED_CODE();

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&portName, FS_PORT_NAME);
    InitializeObjectAttributes(&oa,
                               &portName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL,
                               sd);

    status = FltCreateCommunicationPort(Globals->Filter,
                                        &Globals->ServerPort,
                                        &oa,
                                        Globals,
                                        FsPortConnect,
                                        FsPortDisconnect,
                                        FsPortMessage,
                                        1);

    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        Globals->ServerPort = NULL;
    }
    return status;
}

_Use_decl_annotations_
VOID
FsPortClose(
    PFS_GLOBALS Globals
    )
{
    PAGED_CODE();

    //
    // Existing client connections are not affected by closing the server
    // port; the filter manager disconnects them when the filter unregisters.
    //
    if (Globals->ServerPort != NULL) {
        FltCloseCommunicationPort(Globals->ServerPort);
        Globals->ServerPort = NULL;
    }
}

static
_Use_decl_annotations_
NTSTATUS FLTAPI
FsPortConnect(
    PFLT_PORT ClientPort,
    PVOID ServerPortCookie,
    PVOID ConnectionContext,
    ULONG SizeOfContext,
    PVOID *ConnectionPortCookie
    )
{
    PFS_GLOBALS globals = (PFS_GLOBALS)ServerPortCookie;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    NT_ASSERT(globals != NULL && globals->ClientPort == NULL);

    globals->ScannerProcess = PsGetCurrentProcess();
    globals->ClientPort = ClientPort;
    *ConnectionPortCookie = globals;

    FS_LOG("scanner connected, pid %p", PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
VOID FLTAPI
FsPortDisconnect(
    PVOID ConnectionCookie
    )
{
    PFS_GLOBALS globals = (PFS_GLOBALS)ConnectionCookie;

    PAGED_CODE();

    if (globals == NULL) {
        return;
    }

    //
    // FltCloseClientPort NULLs ClientPort, which keeps FltSendMessage callers
    // that raced with us from using a stale handle.
    //
    FltCloseClientPort(globals->Filter, &globals->ClientPort);
    globals->ScannerProcess = NULL;

    FS_LOG("scanner disconnected");
}

static
_Use_decl_annotations_
NTSTATUS FLTAPI
FsPortMessage(
    PVOID PortCookie,
    PVOID InputBuffer,
    ULONG InputBufferLength,
    PVOID OutputBuffer,
    ULONG OutputBufferLength,
    PULONG ReturnOutputBufferLength
    )
{
    PFS_GLOBALS globals = (PFS_GLOBALS)PortCookie;
    ULONG command;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;

    if (globals == NULL || InputBuffer == NULL ||
        InputBufferLength < sizeof(FS_COMMAND_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }

    //
    // The buffer is the caller's user-mode buffer; the filter manager has
    // probed it but it can still change or go away under us.
    //
    __try {
        command = ((PFS_COMMAND_MESSAGE)InputBuffer)->Command;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (command) {
    case FsCmdEnable:
        InterlockedExchange(&globals->Enabled, TRUE);
        return STATUS_SUCCESS;

    case FsCmdDisable:
        InterlockedExchange(&globals->Enabled, FALSE);
        return STATUS_SUCCESS;

    default:
        return STATUS_INVALID_PARAMETER;
    }
}

_Use_decl_annotations_
NTSTATUS
FsPortScanFile(
    PFLT_CALLBACK_DATA Data,
    PCUNICODE_STRING Path,
    FS_SCAN_REASON Reason,
    PBOOLEAN Block
    )
/*++

Routine Description:

    Sends one scan request and waits (bounded) for the verdict. Anything other
    than a clear "block" reply (no scanner, timeout, malformed reply) lets the
    operation proceed.

--*/
{
    NTSTATUS status;
    PFS_SCAN_REQUEST request = NULL;
    FS_SCAN_REPLY reply;
    ULONG replyLength;
    LARGE_INTEGER timeout;
    USHORT bytes;

    PAGED_CODE();

    *Block = FALSE;

    if (!FsGlobals.Enabled || FsGlobals.ClientPort == NULL) {
        return STATUS_SUCCESS;
    }

    //
    // Never scan on behalf of the scanner itself.
    //
    if (FsGlobals.ScannerProcess != NULL &&
        IoThreadToProcess(Data->Thread) == FsGlobals.ScannerProcess) {
        return STATUS_SUCCESS;
    }

    request = (PFS_SCAN_REQUEST)ExAllocateFromNPagedLookasideList(&FsGlobals.RequestLookaside);
    if (request == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlZeroMemory(request, sizeof(*request));
    request->Reason = (ULONG)Reason;
    request->ProcessId = HandleToULong(PsGetCurrentProcessId());

    bytes = Path->Length;
    if (bytes > (FS_MAX_PATH_CHARS - 1) * sizeof(WCHAR)) {
        bytes = (FS_MAX_PATH_CHARS - 1) * sizeof(WCHAR);
    }
    RtlCopyMemory(request->Path, Path->Buffer, bytes);
    request->PathLength = bytes;

    replyLength = sizeof(reply);
    RtlZeroMemory(&reply, sizeof(reply));
    timeout.QuadPart = -10000LL * (LONGLONG)FsGlobals.TimeoutMs;

    status = FltSendMessage(FsGlobals.Filter,
                            &FsGlobals.ClientPort,
                            request,
                            sizeof(*request),
                            &reply,
                            &replyLength,
                            &timeout);

    if (status == STATUS_SUCCESS && replyLength >= sizeof(FS_SCAN_REPLY)) {
        *Block = reply.Block;
    } else if (status == STATUS_TIMEOUT) {
        FS_LOG_ERROR("scanner timed out on %wZ", Path);
        status = STATUS_SUCCESS;
    }

    ExFreeToNPagedLookasideList(&FsGlobals.RequestLookaside, request);
    return status;
}
