// port.cpp - one-way change feed to the sync agent.
#include "sync.hpp"

namespace cs {

PFLT_PORT Port::s_server = nullptr;
PFLT_PORT Port::s_client = nullptr;     // FltMgr serialises send vs. close on it

namespace {

// frees the default SD whatever happens to the port
class SdHolder {
public:
    SdHolder() : sd_(nullptr) {}
    ~SdHolder() { if (sd_ != nullptr) FltFreeSecurityDescriptor(sd_); }
    PSECURITY_DESCRIPTOR* operator&() { return &sd_; }
    PSECURITY_DESCRIPTOR get() const { return sd_; }
private:
    PSECURITY_DESCRIPTOR sd_;
};

} // namespace

NTSTATUS Port::Create(PFLT_FILTER filter)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\CloudSyncChanges");
    OBJECT_ATTRIBUTES oa;
    SdHolder sd;

    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status))
        return status;

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd.get());

    status = FltCreateCommunicationPort(filter, &s_server, &oa, nullptr,
                                        Connect, Disconnect, nullptr, 1);
    if (!NT_SUCCESS(status)) {
        CS_ERR("FltCreateCommunicationPort 0x%08X", status);
        s_server = nullptr;
    }
    return status;
}

void Port::Close()
{
    if (s_server != nullptr) {
        FltCloseCommunicationPort(s_server);
        s_server = nullptr;
    }
}

void Port::Notify(ChangeMsg* msg)
{
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10LL * 1000 * 100;      // 100 ms, then drop

    if (s_client != nullptr)
        (void)FltSendMessage(Globals::Filter, &s_client, msg, sizeof(*msg), nullptr, nullptr, &timeout);
}

NTSTATUS FLTAPI Port::Connect(PFLT_PORT client, PVOID serverCookie, PVOID ctx, ULONG ctxBytes, PVOID* cookie)
{
    UNREFERENCED_PARAMETER(serverCookie);
    UNREFERENCED_PARAMETER(ctx);
    UNREFERENCED_PARAMETER(ctxBytes);

    s_client = client;
    *cookie = nullptr;
    return STATUS_SUCCESS;
}

VOID FLTAPI Port::Disconnect(PVOID cookie)
{
    UNREFERENCED_PARAMETER(cookie);

    FltCloseClientPort(Globals::Filter, &s_client);
}

} // namespace cs
