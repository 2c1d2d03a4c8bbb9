#pragma once

#include "os.hpp"

namespace cs {

constexpr ULONG kMaxPathChars = 260;

#include <pshpack1.h>
struct ChangeMsg {
    ULONG  ProcessId;
    USHORT PathBytes;
    WCHAR  Path[kMaxPathChars];
};
#include <poppack.h>

struct StreamCtx {
    volatile LONG Dirty;
};

struct Globals {
    static PFLT_FILTER           Filter;
    static NPAGED_LOOKASIDE_LIST MsgPool;
};

class Port {
public:
    static NTSTATUS Create(PFLT_FILTER filter);
    static void     Close();
    static void     Notify(ChangeMsg* msg);
private:
    static NTSTATUS FLTAPI Connect(PFLT_PORT, PVOID, PVOID, ULONG, PVOID*);
    static VOID     FLTAPI Disconnect(PVOID);
    static PFLT_PORT s_server;
    static PFLT_PORT s_client;
};

} // namespace cs
