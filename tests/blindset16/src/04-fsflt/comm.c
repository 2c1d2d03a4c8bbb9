/*++

Module Name:

    comm.c

Abstract:

    Filter communication port: one client (the FsFlt service) at a time.
    Records are pushed with FltSendMessage under rundown protection so that
    FsfCommFini can wait for senders before the port goes away.

Environment:

    Kernel mode

--*/

#include "fsflt.h"

static NTSTATUS
FsfPortConnect (
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie
    );

static VOID
FsfPortDisconnect (
    _In_opt_ PVOID ConnectionCookie
    );

static NTSTATUS
FsfPortMessage (
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength,*ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, FsfCommInit)
#pragma alloc_text(PAGE, FsfCommFini)
#pragma alloc_text(PAGE, FsfPortConnect)
#pragma alloc_text(PAGE, FsfPortDisconnect)
#pragma alloc_text(PAGE, FsfPortMessage)
#endif

NTSTATUS
FsfCommInit (
    _In_ PFLT_FILTER Filter
    )
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName;

    status = FltBuildDefaultSecurityDescriptor( &sd, FLT_PORT_ALL_ACCESS );

    if (!NT_SUCCESS( status )) {

        FSF_DBG_PRINT( FSFDBG_ERROR,
                       ("FsFlt!FsfCommInit: FltBuildDefaultSecurityDescriptor 0x%08x\n", status) );
        return status;
    }

    RtlInitUnicodeString( &portName, FSF_PORT_NAME );

    InitializeObjectAttributes( &oa,
                                &portName,
                                OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                                NULL,
                                sd );

    status = FltCreateCommunicationPort( Filter,
                                         &Globals.ServerPort,
                                         &oa,
                                         NULL,
                                         FsfPortConnect,
                                         FsfPortDisconnect,
                                         FsfPortMessage,
                                         1 );

    FltFreeSecurityDescriptor( sd );

    if (!NT_SUCCESS( status )) {

        FSF_DBG_PRINT( FSFDBG_ERROR,
                       ("FsFlt!FsfCommInit: FltCreateCommunicationPort 0x%08x\n", status) );
        Globals.ServerPort = NULL;
    }

    return status;
}

VOID
FsfCommFini (
    VOID
    )
{
    PAGED_CODE();

    //
    //  Closing the server port prevents new connections; an existing
    //  client is disconnected by FltMgr when the filter unregisters.
    //

    if (Globals.ServerPort != NULL) {

        FltCloseCommunicationPort( Globals.ServerPort );
        Globals.ServerPort = NULL;
    }

    ExWaitForRundownProtectionRelease( &Globals.ClientRundown );
}

static NTSTATUS
FsfPortConnect (
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER( ServerPortCookie );
    UNREFERENCED_PARAMETER( ConnectionContext );
    UNREFERENCED_PARAMETER( SizeOfContext );

    PAGED_CODE();

    FLT_ASSERT( Globals.ClientPort == NULL );

    Globals.ClientPort = ClientPort;
    Globals.ClientProcess = PsGetCurrentProcess();
    ExReInitializeRundownProtection( &Globals.ClientRundown );
    *ConnectionCookie = NULL;

    FSF_DBG_PRINT( FSFDBG_COMM,
                   ("FsFlt!FsfPortConnect: client pid %p\n", PsGetCurrentProcessId()) );

    return STATUS_SUCCESS;
}

static VOID
FsfPortDisconnect (
    _In_opt_ PVOID ConnectionCookie
    )
{
    PFLT_PORT port;

    UNREFERENCED_PARAMETER( ConnectionCookie );

    PAGED_CODE();

    //
    //  Stop new senders, wait for in-flight ones, then close.
    //

    ExWaitForRundownProtectionRelease( &Globals.ClientRundown );

    port = Globals.ClientPort;
    Globals.ClientPort = NULL;
    Globals.ClientProcess = NULL;

    FltCloseClientPort( Globals.Filter, &port );

    FSF_DBG_PRINT( FSFDBG_COMM, ("FsFlt!FsfPortDisconnect: client gone\n") );
}

static NTSTATUS
FsfPortMessage (
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength,*ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
{
    UNREFERENCED_PARAMETER( PortCookie );
    UNREFERENCED_PARAMETER( InputBuffer );
    UNREFERENCED_PARAMETER( InputBufferLength );

    PAGED_CODE();

    *ReturnOutputBufferLength = 0;

    //
    //  The only query: number of dropped records since load.
    //

    if (OutputBuffer == NULL || OutputBufferLength < sizeof( LONG )) {

        return STATUS_BUFFER_TOO_SMALL;
    }

    try {

        ProbeForWrite( OutputBuffer, sizeof( LONG ), sizeof( UCHAR ) );
        *(PLONG)OutputBuffer = Globals.EventsDropped;

    } except (EXCEPTION_EXECUTE_HANDLER) {

        return GetExceptionCode();
    }

    *ReturnOutputBufferLength = sizeof( LONG );
    return STATUS_SUCCESS;
}

VOID
FsfCommPostEvent (
    _In_ FSF_EVENT_KIND Kind,
    _In_ PCUNICODE_STRING Name
    )
{
    PFSF_EVENT event;
    LARGE_INTEGER timeout;
    NTSTATUS status;
    ULONG copy;

    if (Globals.ClientPort == NULL) {

        return;
    }

    if (!ExAcquireRundownProtection( &Globals.ClientRundown )) {

        return;
    }

    event = ExAllocateFromNPagedLookasideList( &Globals.EventLookaside );

    if (event == NULL) {

        InterlockedIncrement( &Globals.EventsDropped );
        goto Release;
    }

    event->Kind = Kind;
    event->ProcessId = HandleToULong( PsGetCurrentProcessId() );
    KeQuerySystemTimePrecise( &event->Time );

    copy = min( Name->Length, (ULONG)sizeof( event->Name ) );
    RtlCopyMemory( event->Name, Name->Buffer, copy );
    event->NameLength = copy;

    timeout.QuadPart = -10 * 1000 * 50;     //  50ms

    status = FltSendMessage( Globals.Filter,
                             &Globals.ClientPort,
                             event,
                             sizeof( FSF_EVENT ),
                             NULL,
                             NULL,
                             &timeout );

    if (status != STATUS_SUCCESS) {

        InterlockedIncrement( &Globals.EventsDropped );
    }

    ExFreeToNPagedLookasideList( &Globals.EventLookaside, event );

Release:

    ExReleaseRundownProtection( &Globals.ClientRundown );
}
