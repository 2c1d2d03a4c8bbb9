//
// port.cpp - the filter communication port to scansvc.exe
//
#include "fltscan.h"

namespace scan {

PFLT_PORT CommPort::s_Server = nullptr;
PFLT_PORT CommPort::s_Client = nullptr;

NTSTATUS CommPort::Open(PFLT_FILTER Filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;

    auto status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        SCANERR("FltBuildDefaultSecurityDescriptor 0x%08X", status);
        return status;
    }

    UNICODE_STRING name = RTL_CONSTANT_STRING(SCAN_PORT_NAME);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, sd);

    // only one scanner service at a time
    status = FltCreateCommunicationPort(Filter, &s_Server, &oa, nullptr,
                                        OnConnect, OnDisconnect, OnMessage, 1);
    if (!NT_SUCCESS(status)) {
        SCANERR("FltCreateCommunicationPort 0x%08X", status);
        return status;
    }

    FltFreeSecurityDescriptor(sd);
    SCANLOG("port %wZ open", &name);
    return STATUS_SUCCESS;
}

void CommPort::Close()
{
    if (s_Server != nullptr) {
        FltCloseCommunicationPort(s_Server);
        s_Server = nullptr;
    }
}

NTSTATUS CommPort::Ask(const ScanRequest& Request, ScanReply& Reply)
{
    LARGE_INTEGER timeout;
    timeout.QuadPart = SCAN_REPLY_TIMEOUT;
    ULONG replyLength = sizeof(Reply);

    auto status = FltSendMessage(g.Filter, &s_Client,
                                 const_cast<ScanRequest*>(&Request), sizeof(Request),
                                 &Reply, &replyLength, &timeout);
    if (status == STATUS_TIMEOUT) {
        InterlockedIncrement(&g.Stats.Timeouts);
        return STATUS_TIMEOUT;
    }
    if (NT_SUCCESS(status) && replyLength < sizeof(Reply)) {
        status = STATUS_INVALID_BUFFER_SIZE;
    }
    return status;
}

NTSTATUS FLTAPI CommPort::OnConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                    PVOID ConnectionContext, ULONG SizeOfContext,
                                    PVOID* ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    PAGED_CODE();

    s_Client = ClientPort;
    *ConnectionPortCookie = nullptr;
    SCANLOG("scanner connected (pid %p)", PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

VOID FLTAPI CommPort::OnDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    PAGED_CODE();

    FltCloseClientPort(g.Filter, &s_Client);
    SCANLOG("scanner disconnected");
}

NTSTATUS FLTAPI CommPort::OnMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                                    PVOID OutputBuffer, ULONG OutputBufferLength,
                                    PULONG ReturnOutputBufferLength)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(InputBuffer);
    UNREFERENCED_PARAMETER(InputBufferLength);

    // the only message we understand is "give me the counters"
    if (OutputBuffer == nullptr || OutputBufferLength < sizeof(ScanStats)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    __try {
        ProbeForWrite(OutputBuffer, sizeof(ScanStats), sizeof(ULONG));
        RtlCopyMemory(OutputBuffer, &g.Stats, sizeof(ScanStats));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    *ReturnOutputBufferLength = sizeof(ScanStats);
    return STATUS_SUCCESS;
}

} // namespace scan
