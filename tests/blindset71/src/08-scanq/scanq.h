// scanq.h - on-open scanner front end.  Files opened for execute are
// handed to a user-mode scanner asynchronously; the verdict is stored in
// the stream handle context and enforced on the first read/section map.
#pragma once

#include <fltKernel.h>

namespace scanq {

constexpr ULONG kTagRequest = 'rQcS';
constexpr ULONG kTagHandle  = 'hQcS';
constexpr LONG  kMaxScanners = 2;

#define SQ_PORT_NAME L"\\ScanQPort"

#define SQLOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "scanq: " fmt "\n", ##__VA_ARGS__)

enum Verdict : LONG {
    Pending = 0,
    Clean   = 1,
    Infected = 2,
};

struct HandleContext {
    volatile LONG Verdict;
};

#pragma pack(push, 8)
struct ScanMessage {
    ULONG  Pid;
    ULONG  NameBytes;
    WCHAR  Name[520];
};
struct ScanReply {            // user side prepends FILTER_REPLY_HEADER
    LONG   Verdict;
};
#pragma pack(pop)

struct ScanRequest {
    PFLT_INSTANCE  Instance;
    HandleContext* Handle;      // referenced
    ScanMessage    Msg;
};

class ScanTable {
public:
    static void         Init();
    static void         Destroy();
    static ScanRequest* Alloc();
    static void         Free(ScanRequest* r);
    static LONG         InFlight() { return s_InFlight; }
private:
    static NPAGED_LOOKASIDE_LIST s_List;
    static bool                  s_Ready;
    static volatile LONG         s_InFlight;
};

class Port {
public:
    static NTSTATUS Open(PFLT_FILTER Filter);
    static void     Close();
    static NTSTATUS Send(ScanMessage* Msg, LONG* VerdictOut);
    static bool     HasScanner() { return s_Count > 0; }
private:
    static PFLT_PORT     s_Server;
    static PFLT_PORT     s_Clients[kMaxScanners];
    static volatile LONG s_Count;
    static volatile LONG s_Next;

    static NTSTATUS FLTAPI Connect(PFLT_PORT, PVOID, PVOID, ULONG, PVOID*);
    static VOID     FLTAPI Disconnect(PVOID);
};

extern PFLT_FILTER gFilter;

NTSTATUS StartScan(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects);
extern const FLT_OPERATION_REGISTRATION Operations[];
extern const FLT_CONTEXT_REGISTRATION   Contexts[];

} // namespace scanq
