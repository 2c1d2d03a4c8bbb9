#include "fsmon.h"
#include "Holders.h"

namespace {

PFLT_FILTER s_Filter     = nullptr;
PFLT_PORT   s_ServerPort = nullptr;
PFLT_PORT   s_ClientPort = nullptr;
PEPROCESS   s_Client     = nullptr;

NTSTATUS FLTAPI OnConnect(PFLT_PORT ClientPort,
                          PVOID ServerPortCookie,
                          PVOID ConnectionContext,
                          ULONG SizeOfContext,
                          PVOID* ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    s_ClientPort = ClientPort;
    s_Client = PsGetCurrentProcess();
    *ConnectionPortCookie = nullptr;

    FsmInfo("client pid %lu connected", HandleToULong(PsGetCurrentProcessId()));
    return STATUS_SUCCESS;
}

void FLTAPI OnDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltCloseClientPort(s_Filter, &s_ClientPort);
    s_Client = nullptr;
    FsmInfo("client gone");
}

NTSTATUS FLTAPI OnMessage(PVOID PortCookie,
                          PVOID InputBuffer,
                          ULONG InputBufferLength,
                          PVOID OutputBuffer,
                          ULONG OutputBufferLength,
                          PULONG ReturnOutputBufferLength)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(InputBuffer);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;
    return STATUS_NOT_SUPPORTED;
}

} // namespace

NTSTATUS Comm::Open(PFLT_FILTER Filter)
{
    s_Filter = Filter;

    PSECURITY_DESCRIPTOR rawSd = nullptr;
    RETURN_IF_NT_FAILED(FltBuildDefaultSecurityDescriptor(&rawSd, FLT_PORT_ALL_ACCESS));
    fsm::UniqueSecurityDescriptor sd(rawSd);

    UNICODE_STRING portName = RTL_CONSTANT_STRING(FSMON_PORT_NAME);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, sd.get());

    RETURN_IF_NT_FAILED(FltCreateCommunicationPort(Filter,
                                                   &s_ServerPort,
                                                   &oa,
                                                   nullptr,
                                                   OnConnect,
                                                   OnDisconnect,
                                                   OnMessage,
                                                   1));

    // the port holds its own copy of the descriptor now
    (void)sd.release();

    FsmInfo("port %wZ open", &portName);
    return STATUS_SUCCESS;
}

void Comm::Close()
{
    if (s_ServerPort) {
        FltCloseCommunicationPort(s_ServerPort);
        s_ServerPort = nullptr;
    }
}

bool Comm::IsConnected()
{
    return s_ClientPort != nullptr;
}

NTSTATUS Comm::Send(const FSMON_EVENT& Event)
{
    if (!s_ClientPort || PsGetCurrentProcess() == s_Client) {
        return STATUS_PORT_DISCONNECTED;
    }

    LARGE_INTEGER timeout;
    timeout.QuadPart = -10LL * 1000 * 20;   // 20 ms, never stall I/O on a slow client

    return FltSendMessage(s_Filter,
                          &s_ClientPort,
                          const_cast<FSMON_EVENT*>(&Event),
                          sizeof(Event),
                          nullptr,
                          nullptr,
                          &timeout);
}
