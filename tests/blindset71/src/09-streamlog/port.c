#include "streamlog.h"

static NTSTATUS FLTAPI
SlConnect(PFLT_PORT ClientPort, PVOID ServerCookie, PVOID Ctx, ULONG CtxLen, PVOID *Cookie)
{
    UNREFERENCED_PARAMETER(ServerCookie);
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(CtxLen);

    FLT_ASSERT(SlGlobals.ClientPort == NULL);
    SlGlobals.ClientPort = ClientPort;
    *Cookie = NULL;
    SL_DBG("collector connected\n");
    return STATUS_SUCCESS;
}

static VOID FLTAPI
SlDisconnect(PVOID Cookie)
{
    UNREFERENCED_PARAMETER(Cookie);
    FltCloseClientPort(SlGlobals.Filter, &SlGlobals.ClientPort);
    SL_DBG("collector disconnected\n");
}

NTSTATUS
SlPortCreate(VOID)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        SL_ERR("FltBuildDefaultSecurityDescriptor 0x%08X\n", status);
        return status;
    }

    RtlInitUnicodeString(&name, SL_PORT_NAME);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL, sd);

    status = FltCreateCommunicationPort(SlGlobals.Filter, &SlGlobals.ServerPort, &oa,
                                        NULL, SlConnect, SlDisconnect, NULL, 1);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        SL_ERR("FltCreateCommunicationPort 0x%08X\n", status);
        SlGlobals.ServerPort = NULL;
    }
    return status;
}

VOID
SlPortClose(VOID)
{
    if (SlGlobals.ServerPort != NULL) {
        FltCloseCommunicationPort(SlGlobals.ServerPort);
        SlGlobals.ServerPort = NULL;
    }
}

VOID
SlPortSend(_In_ PSL_STREAM_CONTEXT Ctx, _In_ ULONG Kind)
{
    PSL_RECORD rec;
    LARGE_INTEGER timeout;

    if (SlGlobals.ClientPort == NULL) {
        return;
    }
    rec = ExAllocateFromNPagedLookasideList(&SlGlobals.Records);
    if (rec == NULL) {
        return;
    }
    RtlZeroMemory(rec, sizeof(*rec));
    rec->Kind = Kind;
    rec->Writes = (ULONG)Ctx->Writes;
    if (Ctx->Name.Buffer != NULL) {
        rec->NameBytes = Ctx->Name.Length;
        RtlCopyMemory(rec->Name, Ctx->Name.Buffer, Ctx->Name.Length);
    }

    timeout.QuadPart = -10 * 1000 * 100;        /* 100 ms */
    (VOID)FltSendMessage(SlGlobals.Filter, &SlGlobals.ClientPort, rec, sizeof(*rec),
                         NULL, NULL, &timeout);

    ExFreeToNPagedLookasideList(&SlGlobals.Records, rec);
}
