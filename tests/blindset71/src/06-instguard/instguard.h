// instguard.h -- blocks deletes on protected volumes, controlled by a
// small user-mode console over a communication port.
#pragma once

#include <fltKernel.h>

#define IG_PORT_NAME        L"\\InstGuardCtl"
#define IG_TAG              'dGgI'

#define IG_LOG(fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[instguard] " fmt "\n", __VA_ARGS__)

enum class IgCommand : ULONG {
    Enable  = 1,
    Disable = 2,
    Query   = 3,
};

struct IG_MESSAGE {
    IgCommand Command;
    ULONG     Reserved;
};

struct IG_INSTANCE_CONTEXT {
    PFLT_INSTANCE Instance;
    BOOLEAN       Protected;
    LONG          BlockedCount;
};

namespace ig {

struct State {
    static PFLT_FILTER   Filter;
    static volatile LONG Enabled;
};

namespace comm {
    NTSTATUS Start(_In_ PFLT_FILTER Filter);
    void     Stop();
}

} // namespace ig
