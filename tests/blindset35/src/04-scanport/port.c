/*
 * port.c - communication port with scansvc.exe
 */
#include "scanport.h"

static NTSTATUS FLTAPI SpConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                 PVOID ConnectionContext, ULONG SizeOfContext,
                                 PVOID *ConnectionPortCookie);
static VOID FLTAPI SpDisconnect(PVOID ConnectionCookie);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, SpCreatePort)
#pragma alloc_text(PAGE, SpClosePort)
#pragma alloc_text(PAGE, SpConnect)
#pragma alloc_text(PAGE, SpDisconnect)
#pragma alloc_text(PAGE, SpAskUser)
#endif

static NTSTATUS FLTAPI
SpConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
          ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    PAGED_CODE();

    /* MaxConnections is 1, so no race here */
    Globals.ClientProcess = PsGetCurrentProcess();
    Globals.ClientPort = ClientPort;
    *ConnectionPortCookie = NULL;

    DBG_TRACE("scanner connected, pid %lu\n", HandleToULong(PsGetCurrentProcessId()));
    return STATUS_SUCCESS;
}

static VOID FLTAPI
SpDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    FltCloseClientPort(Globals.Filter, &Globals.ClientPort);
    Globals.ClientProcess = NULL;

    DBG_TRACE("scanner disconnected\n");
}

NTSTATUS SpCreatePort(_In_ PFLT_FILTER Filter)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(SP_PORT_NAME);
    NTSTATUS status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        DBG_ERR("FltBuildDefaultSecurityDescriptor 0x%08X\n", status);
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(Filter,
                                        &Globals.ServerPort,
                                        &oa,
                                        NULL,
                                        SpConnect,
                                        SpDisconnect,
                                        NULL,
                                        1);
    if (!NT_SUCCESS(status)) {
        DBG_ERR("FltCreateCommunicationPort 0x%08X\n", status);
        FltFreeSecurityDescriptor(sd);
        Globals.ServerPort = NULL;
        return status;
    }

    return STATUS_SUCCESS;
}

VOID SpClosePort(VOID)
{
    PAGED_CODE();

    if (Globals.ServerPort) {
        FltCloseCommunicationPort(Globals.ServerPort);
        Globals.ServerPort = NULL;
    }
}

/*
 * Returns TRUE if the service answered. *Allow is only meaningful then.
 */
BOOLEAN SpAskUser(_In_ PCUNICODE_STRING Path, _Out_ PBOOLEAN Allow)
{
    PSP_NOTIFICATION msg;
    SP_REPLY reply = { 0 };
    ULONG replyLen = sizeof(reply);
    LARGE_INTEGER timeout;
    NTSTATUS status;
    ULONG chars;

    PAGED_CODE();

    *Allow = TRUE;
    if (Globals.ClientPort == NULL)
        return FALSE;

    msg = (PSP_NOTIFICATION)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(*msg), SP_TAG);
    if (msg == NULL)
        return FALSE;

    chars = min(Path->Length / sizeof(WCHAR), SP_MAX_PATH_CHARS - 1);
    RtlCopyMemory(msg->Path, Path->Buffer, chars * sizeof(WCHAR));
    msg->PathChars = chars;
    msg->ProcessId = HandleToULong(PsGetCurrentProcessId());

    timeout.QuadPart = -10000LL * SP_REPLY_TIMEOUT_MS;

    InterlockedIncrement(&Globals.Asked);
    status = FltSendMessage(Globals.Filter, &Globals.ClientPort, msg, sizeof(*msg),
                            &reply, &replyLen, &timeout);

    ExFreePoolWithTag(msg, SP_TAG);

    if (status != STATUS_SUCCESS) {
        /* STATUS_TIMEOUT is a success code, treat it like no answer */
        return FALSE;
    }

    *Allow = reply.Allow;
    return TRUE;
}
