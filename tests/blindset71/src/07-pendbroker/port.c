#include "broker.h"

static NTSTATUS FLTAPI
BrkConnect(PFLT_PORT ClientPort, PVOID ServerCookie, PVOID Ctx, ULONG CtxSize,
           PVOID *ConnectionCookie)
{
    PBRK_CLIENT client;

    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(CtxSize);

    client = ExAllocatePoolWithTag(PagedPool, sizeof(BRK_CLIENT), BRK_TAG_CTX);
    if (client == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    client->Port = ClientPort;
    client->IsControl = (ServerCookie == (PVOID)&BrkData.CtlPort) ? TRUE : FALSE;

    ExAcquireFastMutex(&BrkData.ClientMutex);
    InsertTailList(&BrkData.Clients, &client->Link);
    BrkData.ClientCount++;
    ExReleaseFastMutex(&BrkData.ClientMutex);

    *ConnectionCookie = client;
    BLOG("client %p connected (control=%d)\n", client, client->IsControl);
    return STATUS_SUCCESS;
}

static VOID FLTAPI
BrkDisconnect(PVOID ConnectionCookie)
{
    PBRK_CLIENT client = (PBRK_CLIENT)ConnectionCookie;

    ExAcquireFastMutex(&BrkData.ClientMutex);
    RemoveEntryList(&client->Link);
    BrkData.ClientCount--;
    ExReleaseFastMutex(&BrkData.ClientMutex);

    /* a vanished broker must not leave creates hanging */
    if (client->IsControl) {
        BrkDrainAll(STATUS_SUCCESS);
    }

    FltCloseClientPort(BrkData.Filter, &client->Port);
    ExFreePoolWithTag(client, BRK_TAG_CTX);
}

static NTSTATUS FLTAPI
BrkMessage(PVOID PortCookie, PVOID In, ULONG InLen, PVOID Out, ULONG OutLen,
           PULONG Returned)
{
    PBRK_CLIENT client = (PBRK_CLIENT)PortCookie;
    ULONG cmd = 0;
    ULONG done;

    UNREFERENCED_PARAMETER(Out);
    UNREFERENCED_PARAMETER(OutLen);
    *Returned = 0;

    if (!client->IsControl) {
        return STATUS_ACCESS_DENIED;
    }
    if (In == NULL || InLen < sizeof(ULONG)) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        cmd = *(volatile ULONG *)In;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (cmd) {
    case BRK_CMD_RELEASE_ALL:
        done = BrkDrainAll(STATUS_SUCCESS);
        break;
    case BRK_CMD_FAIL_ALL:
        done = BrkDrainAll(STATUS_ACCESS_DENIED);
        break;
    default:
        return STATUS_INVALID_PARAMETER;
    }
    BLOG("cmd %lx completed %lu creates\n", cmd, done);
    return STATUS_SUCCESS;
}

static NTSTATUS
BrkCreateOnePort(PCWSTR Name, PFLT_PORT *Port, PVOID Cookie, LONG MaxConn,
                 PSECURITY_DESCRIPTOR Sd)
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING us;

    RtlInitUnicodeString(&us, Name);
    InitializeObjectAttributes(&oa, &us, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, Sd);
    return FltCreateCommunicationPort(BrkData.Filter, Port, &oa, Cookie,
                                      BrkConnect, BrkDisconnect, BrkMessage,
                                      MaxConn);
}

NTSTATUS
BrkCreatePorts(VOID)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    /* the control port's cookie is a marker so BrkConnect can tell them apart */
    status = BrkCreateOnePort(BRK_CTL_PORT, &BrkData.CtlPort, (PVOID)&BrkData.CtlPort, 1, sd);
    if (!NT_SUCCESS(status)) {
        BLOG("ctl port 0x%08X\n", status);
        goto out;
    }

    status = BrkCreateOnePort(BRK_EVT_PORT, &BrkData.EvtPort, NULL, BRK_MAX_MONITORS, sd);
    if (!NT_SUCCESS(status)) {
        BLOG("evt port 0x%08X\n", status);
        FltCloseCommunicationPort(BrkData.CtlPort);
        goto out;
    }

out:
    FltFreeSecurityDescriptor(sd);
    return status;
}

VOID
BrkClosePorts(VOID)
{
    if (BrkData.EvtPort) {
        FltCloseCommunicationPort(BrkData.EvtPort);
        BrkData.EvtPort = NULL;
    }
    if (BrkData.CtlPort) {
        FltCloseCommunicationPort(BrkData.CtlPort);
        BrkData.CtlPort = NULL;
    }
}
