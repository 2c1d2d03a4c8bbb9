#include "scanq.h"

namespace scanq {

PFLT_PORT     Port::s_Server = nullptr;
PFLT_PORT     Port::s_Clients[kMaxScanners] = {};
volatile LONG Port::s_Count = 0;
volatile LONG Port::s_Next = 0;

NTSTATUS Port::Open(PFLT_FILTER Filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(SQ_PORT_NAME);

    auto status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, nullptr, sd);

    status = FltCreateCommunicationPort(Filter, &s_Server, &oa, nullptr,
                                        Connect, Disconnect, nullptr, kMaxScanners);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        s_Server = nullptr;
    }
    return status;
}

void Port::Close()
{
    if (s_Server) {
        FltCloseCommunicationPort(s_Server);
        s_Server = nullptr;
    }
}

NTSTATUS FLTAPI Port::Connect(PFLT_PORT Client, PVOID, PVOID, ULONG, PVOID* Cookie)
{
    for (LONG i = 0; i < kMaxScanners; i++) {
        if (InterlockedCompareExchangePointer(reinterpret_cast<PVOID*>(&s_Clients[i]),
                                              Client, nullptr) == nullptr) {
            *Cookie = reinterpret_cast<PVOID>(static_cast<ULONG_PTR>(i));
            InterlockedIncrement(&s_Count);
            SQLOG("scanner %d connected", i);
            return STATUS_SUCCESS;
        }
    }
    return STATUS_CONNECTION_COUNT_LIMIT;
}

VOID FLTAPI Port::Disconnect(PVOID Cookie)
{
    auto i = static_cast<LONG>(reinterpret_cast<ULONG_PTR>(Cookie));
    if (i >= 0 && i < kMaxScanners) {
        InterlockedDecrement(&s_Count);
        FltCloseClientPort(gFilter, &s_Clients[i]);
        SQLOG("scanner %d gone", i);
    }
}

NTSTATUS Port::Send(ScanMessage* Msg, LONG* VerdictOut)
{
    ScanReply reply = {};
    ULONG replyLen = sizeof(reply);
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10LL * 1000 * 1000 * 5;   // 5s

    LONG slot = (InterlockedIncrement(&s_Next) & 0x7fffffff) % kMaxScanners;
    for (LONG tries = 0; tries < kMaxScanners; tries++, slot = (slot + 1) % kMaxScanners) {
        if (s_Clients[slot] == nullptr) {
            continue;
        }
        auto st = FltSendMessage(gFilter, &s_Clients[slot], Msg, sizeof(*Msg),
                                 &reply, &replyLen, &timeout);
        if (st == STATUS_SUCCESS) {
            *VerdictOut = reply.Verdict;
            return STATUS_SUCCESS;
        }
    }
    return STATUS_PORT_DISCONNECTED;
}

} // namespace scanq
