//
// comm.cpp - verdict port to the TrustScan service
//
#include "trustscan.h"

namespace ts {
namespace comm {

namespace {

PFLT_PORT s_ServerPort = nullptr;
PFLT_PORT s_ClientPort = nullptr;

NTSTATUS FLTAPI Connect(PFLT_PORT ClientPort, PVOID, PVOID, ULONG, PVOID* ConnectionCookie)
{
    s_ClientPort = ClientPort;
    *ConnectionCookie = nullptr;
    TSLOG("service connected");
    return STATUS_SUCCESS;
}

VOID FLTAPI Disconnect(PVOID)
{
    FltCloseClientPort(g_Filter, &s_ClientPort);
    TSLOG("service disconnected");
}

} // anonymous namespace

NTSTATUS Open(_In_ PFLT_FILTER Filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING name = RTL_CONSTANT_STRING(TS_PORT_NAME);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    status = FltCreateCommunicationPort(Filter, &s_ServerPort, &oa, nullptr,
                                        Connect, Disconnect, nullptr, 1);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        s_ServerPort = nullptr;
    }
    return status;
}

void Close()
{
    if (s_ServerPort != nullptr) {
        FltCloseCommunicationPort(s_ServerPort);
        s_ServerPort = nullptr;
    }
}

bool AskAllow(_In_ HANDLE Pid, _In_ PCUNICODE_STRING Path)
{
    if (s_ClientPort == nullptr) {
        return true;            // no service, no verdicts
    }

    auto req = static_cast<VerdictRequest*>(ExAllocatePool2(POOL_FLAG_PAGED, sizeof(VerdictRequest), TS_TAG));
    if (req == nullptr) {
        return true;
    }

    req->ProcessId = HandleToULong(Pid);
    req->PathBytes = min(Path->Length, static_cast<USHORT>(sizeof(req->Path)));
    RtlCopyMemory(req->Path, Path->Buffer, req->PathBytes);

    VerdictReply reply = {};
    ULONG replyLength = sizeof(reply);
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10LL * 1000 * TS_VERDICT_MS;

    NTSTATUS status = FltSendMessage(g_Filter, &s_ClientPort, req, sizeof(*req),
                                     &reply, &replyLength, &timeout);
    ExFreePoolWithTag(req, TS_TAG);

    if (status != STATUS_SUCCESS || replyLength < sizeof(reply)) {
        return true;            // timeout or service gone: fail open
    }
    return reply.Allow != FALSE;
}

} // namespace comm
} // namespace ts
