/*
 * port.c - server port and record delivery
 */
#include "opslog.h"

static NTSTATUS FLTAPI
OlConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
          _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext, _In_ ULONG SizeOfContext,
          _Outptr_result_maybenull_ PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    PAGED_CODE();

    OlData.ClientPort = ClientPort;
    OlData.ClientPid = HandleToULong(PsGetCurrentProcessId());
    *ConnectionPortCookie = NULL;
    OL_LOG("service connected (pid %lu)\n", OlData.ClientPid);
    return STATUS_SUCCESS;
}

static VOID FLTAPI
OlDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    FltCloseClientPort(OlData.Filter, &OlData.ClientPort);
    OlData.ClientPid = 0;
    OL_LOG("service disconnected\n");
}

NTSTATUS
OlPortOpen(VOID)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(OL_PORT_NAME);

    PAGED_CODE();

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(OlData.Filter, &OlData.ServerPort, &oa, NULL,
                                        OlConnect, OlDisconnect, NULL, 1);

    /* the port keeps its own copy of the descriptor */
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        OlData.ServerPort = NULL;
    }
    return status;
}

VOID
OlPortClose(VOID)
{
    PAGED_CODE();

    if (OlData.ServerPort != NULL) {
        FltCloseCommunicationPort(OlData.ServerPort);
        OlData.ServerPort = NULL;
    }
}

VOID
OlSendRecord(_In_ POL_HANDLE_CONTEXT Ctx)
{
    POL_RECORD rec;
    LARGE_INTEGER timeout;
    NTSTATUS status;

    if (OlData.ClientPort == NULL || KeGetCurrentIrql() != PASSIVE_LEVEL) {
        return;
    }
    if (HandleToULong(Ctx->ProcessId) == OlData.ClientPid) {
        return;
    }

    rec = (POL_RECORD)ExAllocateFromNPagedLookasideList(&OlData.RecordLookaside);
    if (rec == NULL) {
        return;
    }

    RtlZeroMemory(rec, sizeof(*rec));
    rec->ProcessId = HandleToULong(Ctx->ProcessId);
    rec->Flags     = (ULONG)Ctx->Flags;
    rec->OpenTime  = Ctx->OpenTime;
    KeQuerySystemTime(&rec->CloseTime);
    if (Ctx->Name != NULL) {
        rec->PathBytes = (USHORT)min(Ctx->Name->Name.Length, sizeof(rec->Path) - sizeof(WCHAR));
        RtlCopyMemory(rec->Path, Ctx->Name->Name.Buffer, rec->PathBytes);
    }

    timeout.QuadPart = -10LL * 1000 * OL_SEND_TIMEOUT_MS;
    status = FltSendMessage(OlData.Filter, &OlData.ClientPort, rec, sizeof(*rec), NULL, NULL, &timeout);
    if (status != STATUS_SUCCESS) {
        OL_LOG("record for pid %lu dropped: 0x%08X\n", rec->ProcessId, status);
    }

    ExFreeToNPagedLookasideList(&OlData.RecordLookaside, rec);
}
