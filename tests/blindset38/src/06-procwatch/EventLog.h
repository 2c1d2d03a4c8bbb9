#pragma once
#include <ntddk.h>
#include "Locks.h"
#include "ProcWatchCommon.h"

#define PW_TAG          'hcWP'
#define PW_DEFAULT_MAX  4096

namespace pw {

struct EventItem
{
    LIST_ENTRY      Link;
    PwEventHeader   Data;       // really one of the Pw* records, variable size
};

class EventLog
{
public:
    static void  Init(ULONG maxItems);
    static void  Push(EventItem* item);
    static ULONG Drain(_Out_writes_bytes_(size) PUCHAR buffer, ULONG size);
    static void  Clear();

    static EventItem* Allocate(USHORT recordSize);
    static void       Free(EventItem* item) { ExFreePoolWithTag(item, PW_TAG); }

private:
    static LIST_ENTRY s_head;
    static FastMutex  s_lock;
    static ULONG      s_count;
    static ULONG      s_max;
};

} // namespace pw
