#include "hider.h"

static NTSTATUS FLTAPI FhConnect(PFLT_PORT ClientPort, PVOID ServerCookie, PVOID Context,
                                 ULONG Size, PVOID* ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerCookie);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Size);
    UNREFERENCED_PARAMETER(ConnectionCookie);

    Globals.ClientPort = ClientPort;
    DBG_PRINT("client connected");
    return STATUS_SUCCESS;
}

static VOID FLTAPI FhDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(Globals.Filter, &Globals.ClientPort);
    DBG_PRINT("client disconnected");
}

// message = new prefix as WCHARs (no terminator)
static NTSTATUS FLTAPI FhMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                                 PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;
    if (InputBuffer == NULL || InputBufferLength == 0 ||
        InputBufferLength > sizeof(Globals.PrefixBuf) || (InputBufferLength % sizeof(WCHAR)) != 0)
        return STATUS_INVALID_PARAMETER;

    __try {
        ProbeForRead(InputBuffer, InputBufferLength, sizeof(WCHAR));
        RtlCopyMemory(Globals.PrefixBuf, InputBuffer, InputBufferLength);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    Globals.Prefix.Length = (USHORT)InputBufferLength;
    DBG_PRINT("new prefix %wZ", &Globals.Prefix);
    return STATUS_SUCCESS;
}

NTSTATUS FhCreatePort(VOID)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name;
    NTSTATUS status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("FltBuildDefaultSecurityDescriptor 0x%x", status);
        return status;
    }

    RtlInitUnicodeString(&name, FH_PORT_NAME);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(Globals.Filter, &Globals.ServerPort, &oa, NULL,
                                        FhConnect, FhDisconnect, FhMessage, 1);

    // the port keeps its own copy of the descriptor
    ExFreePool(sd);

    if (!NT_SUCCESS(status))
        DBG_PRINT("FltCreateCommunicationPort 0x%x", status);
    return status;
}
