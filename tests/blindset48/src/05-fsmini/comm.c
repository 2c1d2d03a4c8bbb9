/*
 * comm.c - filter communication port (one client at a time).
 */
#include "fsmini.h"

static NTSTATUS FLTAPI FsmConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                                  _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                                  _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID *ConnectionPortCookie);
static VOID FLTAPI     FsmDisconnect(_In_opt_ PVOID ConnectionCookie);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FsmCommOpen)
#pragma alloc_text(PAGE, FsmCommClose)
#pragma alloc_text(PAGE, FsmConnect)
#pragma alloc_text(PAGE, FsmDisconnect)
#endif

static NTSTATUS FLTAPI
FsmConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
           _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
           _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    PAGED_CODE();

    g_Fsm.ClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    FSM_PRINT(DPFLTR_INFO_LEVEL, "client connected %p", ClientPort);
    return STATUS_SUCCESS;
}

static VOID FLTAPI
FsmDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    FltCloseClientPort(g_Fsm.Filter, &g_Fsm.ClientPort);
}

NTSTATUS
FsmCommOpen(VOID)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES    oa;
    UNICODE_STRING       portName = RTL_CONSTANT_STRING(FSM_PORT_NAME);
    NTSTATUS             status;

    PAGED_CODE();

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(g_Fsm.Filter, &g_Fsm.ServerPort, &oa, NULL,
                                        FsmConnect, FsmDisconnect, NULL, 1);

    FltFreeSecurityDescriptor(sd);
    return status;
}

VOID
FsmCommClose(VOID)
{
    PAGED_CODE();

    if (g_Fsm.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Fsm.ServerPort);
        g_Fsm.ServerPort = NULL;
    }
}

VOID
FsmCommNotify(_In_ PFSM_STREAM_CONTEXT Context)
{
    PFSM_MESSAGE  msg;
    LARGE_INTEGER timeout;

    if (g_Fsm.ClientPort == NULL) {
        return;
    }

    msg = (PFSM_MESSAGE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(FSM_MESSAGE), FSM_TAG);
    if (msg == NULL) {
        return;
    }

    msg->WriteCount = (ULONG)Context->WriteCount;
    msg->NameBytes = min(Context->Name.Length, (USHORT)sizeof(msg->Name));
    if (Context->Name.Buffer != NULL) {
        RtlCopyMemory(msg->Name, Context->Name.Buffer, msg->NameBytes);
    }

    timeout.QuadPart = -100 * 10000LL;     /* 100 ms */
    (VOID)FltSendMessage(g_Fsm.Filter, &g_Fsm.ClientPort, msg, sizeof(*msg), NULL, NULL, &timeout);

    ExFreePoolWithTag(msg, FSM_TAG);
}
