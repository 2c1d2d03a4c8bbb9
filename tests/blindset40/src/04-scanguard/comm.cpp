/*++

Module Name:

    comm.cpp

Abstract:

    Scanner communication port and the create pre-operation callback.

--*/

#include "scanguard.h"

namespace {

// tiny scope guard, runs the lambda when it goes out of scope

template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F f) : m_f(f), m_active(true) {}
    ~ScopeExit() { if (m_active) m_f(); }
    void Dismiss() { m_active = false; }
private:
    F    m_f;
    bool m_active;
};

template <typename F>
ScopeExit<F> MakeScopeExit(F f) { return ScopeExit<F>(f); }

} // anonymous namespace

namespace sg {

NTSTATUS
Port::Create(_In_ PFLT_FILTER Filter)
{
    PSECURITY_DESCRIPTOR    sd = nullptr;
    OBJECT_ATTRIBUTES       oa;
    UNICODE_STRING          name;
    NTSTATUS                status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto sdGuard = MakeScopeExit([&] { FltFreeSecurityDescriptor(sd); });

    RtlInitUnicodeString(&name, SG_PORT_NAME);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    // only one scanner at a time
    status = FltCreateCommunicationPort(Filter, &g.ServerPort, &oa, nullptr,
                                        OnConnect, OnDisconnect, OnMessage, 1);
    if (!NT_SUCCESS(status)) {
        g.ServerPort = nullptr;
    }

    return status;
}

VOID
Port::Close()
{
    if (g.ServerPort != nullptr) {
        FltCloseCommunicationPort(g.ServerPort);
        g.ServerPort = nullptr;
    }
}

NTSTATUS FLTAPI
Port::OnConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
                ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    PAGED_CODE();

    ASSERT(g.ClientPort == nullptr);

    g.ScannerProcess = PsGetCurrentProcess();
    g.ClientPort = ClientPort;
    *ConnectionPortCookie = nullptr;

    SG_LOG("scanner connected, port %p", ClientPort);
    return STATUS_SUCCESS;
}

VOID FLTAPI
Port::OnDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    PAGED_CODE();

    SG_LOG("scanner disconnected, port %p", g.ClientPort);

    FltCloseClientPort(g.Filter, &g.ClientPort);
    g.ScannerProcess = nullptr;
}

NTSTATUS FLTAPI
Port::OnMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(InputBuffer);
    UNREFERENCED_PARAMETER(InputBufferLength);

    // the scanner only ever asks for our counters
    *ReturnOutputBufferLength = 0;

    if (OutputBuffer == nullptr || OutputBufferLength < 2 * sizeof(LONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    __try {
        ProbeForWrite(OutputBuffer, OutputBufferLength, sizeof(LONG));
        ((PLONG)OutputBuffer)[0] = g.ScansSent;
        ((PLONG)OutputBuffer)[1] = g.ScansBlocked;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    *ReturnOutputBufferLength = 2 * sizeof(LONG);
    return STATUS_SUCCESS;
}

NTSTATUS
Port::Scan(_In_ PCUNICODE_STRING Path, _In_ ULONG ProcessId, _Out_ PBOOLEAN Block)
{
    SG_SCAN_REPLY   reply = {};
    ULONG           replyLength = sizeof(reply);
    LARGE_INTEGER   timeout;
    NTSTATUS        status;

    *Block = FALSE;

    if (g.ClientPort == nullptr) {
        return STATUS_PORT_DISCONNECTED;
    }

    auto request = (PSG_SCAN_REQUEST)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(SG_SCAN_REQUEST), SG_TAG);
    if (request == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    auto reqGuard = MakeScopeExit([&] { ExFreePoolWithTag(request, SG_TAG); });

    request->ProcessId  = ProcessId;
    request->PathLength = (USHORT)min(Path->Length, sizeof(request->Path) - sizeof(WCHAR));
    RtlCopyMemory(request->Path, Path->Buffer, request->PathLength);

    timeout.QuadPart = -10000LL * SG_SCAN_TIMEOUT_MS;

    InterlockedIncrement(&g.ScansSent);

    status = FltSendMessage(g.Filter, &g.ClientPort,
                            request, sizeof(SG_SCAN_REQUEST),
                            &reply, &replyLength, &timeout);

    if (status == STATUS_SUCCESS && replyLength >= sizeof(SG_SCAN_REPLY)) {
        *Block = reply.Block;
    }

    return status;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PFLT_FILE_NAME_INFORMATION  nameInfo = nullptr;
    UNICODE_STRING              exeExt = RTL_CONSTANT_STRING(L"exe");
    BOOLEAN                     block = FALSE;
    NTSTATUS                    status;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    if (g.ClientPort == nullptr || PsGetCurrentProcess() == g.ScannerProcess) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE) ||
        FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    __try {

        if (!NT_SUCCESS(FltParseFileNameInformation(nameInfo)) ||
            !RtlEqualUnicodeString(&nameInfo->Extension, &exeExt, TRUE)) {
            __leave;
        }

        status = Port::Scan(&nameInfo->Name,
                            HandleToULong(PsGetCurrentProcessId()),
                            &block);

        if (NT_SUCCESS(status) && block) {
            InterlockedIncrement(&g.ScansBlocked);
            Data->IoStatus.Status = STATUS_ACCESS_DENIED;
            Data->IoStatus.Information = 0;
        }

    } __finally {

        FltReleaseFileNameInformation(nameInfo);
    }

    return block ? FLT_PREOP_COMPLETE : FLT_PREOP_SUCCESS_NO_CALLBACK;
}

} // namespace sg
