// Filter.h - TwoAlt: the same minifilter attached twice to a volume, once
// above and once below the altitude band under test, counting creates at
// both levels. A difference means something in between ate requests.
#pragma once
#include <fltKernel.h>

namespace twoalt {

constexpr ULONG kTag = 'lAwT';

enum class Level : ULONG { Upper = 0, Lower = 1, Count = 2 };

struct Stats {
    LONG64 Creates[static_cast<ULONG>(Level::Count)];
    LONG   Instances[static_cast<ULONG>(Level::Count)];
};

struct InstanceContext {
    Level Where;
};

class Filter {
public:
    static NTSTATUS Register(_In_ PDRIVER_OBJECT driver);
    static void Unregister();
    static NTSTATUS Start();

    static NTSTATUS OpenPort();
    static void ClosePort();

    static const FLT_REGISTRATION Registration;

private:
    static NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS flags);
    static NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS objects, FLT_INSTANCE_SETUP_FLAGS flags,
                                         DEVICE_TYPE deviceType, FLT_FILESYSTEM_TYPE fsType);
    static FLT_PREOP_CALLBACK_STATUS FLTAPI PreCreate(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objects,
                                                      PVOID* completionContext);

    static NTSTATUS FLTAPI PortConnect(PFLT_PORT client, PVOID serverCookie, PVOID context, ULONG size,
                                       PVOID* connectionCookie);
    static void FLTAPI PortDisconnect(PVOID connectionCookie);
    static NTSTATUS FLTAPI PortMessage(PVOID cookie, PVOID input, ULONG inputLength, PVOID output,
                                       ULONG outputLength, PULONG returned);

    static const FLT_OPERATION_REGISTRATION s_Operations[];
    static const FLT_CONTEXT_REGISTRATION s_Contexts[];

    static PFLT_FILTER s_Filter;
    static PFLT_PORT s_ServerPort;
    static PFLT_PORT s_ClientPort;
    static Stats s_Stats;
};

// driver.cpp
void OnFilterUnload();

} // namespace twoalt
