#include "scanner.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, ScanPortConnect)
#pragma alloc_text(PAGE, ScanPortDisconnect)
#endif

NTSTATUS
ScanPortConnect(
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
    PAGED_CODE();

    FLT_ASSERT(ScannerData.ClientPort == NULL);
    FLT_ASSERT(ScannerData.UserProcess == NULL);

    ScannerData.UserProcess = PsGetCurrentProcess();
    ScannerData.ClientPort = ClientPort;
    *ConnectionCookie = NULL;

    SCAN_DBG("scanner service connected, port=%p\n", ClientPort);
    return STATUS_SUCCESS;
}

VOID
ScanPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    SCAN_DBG("scanner service disconnected, port=%p\n", ScannerData.ClientPort);

    FltCloseClientPort(ScannerData.Filter, &ScannerData.ClientPort);
    ScannerData.UserProcess = NULL;
}
