// OpenCounter.h
//
// A minifilter that counts opens per volume and answers queries over a
// communication port. C++ with static member functions as the filter
// manager callbacks.
#pragma once

#include <fltKernel.h>

constexpr ULONG kPoolTag = 'tCpO';
constexpr LONG  kMaxVolumes = 26;

#define OPENCOUNTER_PORT L"\\OpenCounterPort"

struct VolumeStats {
    ULONG  Id;
    LONG   Opens;
    LONG   Writes;
};

struct QueryReply {
    LONG        Count;
    VolumeStats Volumes[kMaxVolumes];
};

class OpenCounter {
public:
    static NTSTATUS Initialize(PDRIVER_OBJECT DriverObject);

    // filter manager callbacks
    static NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS Flags);
    static NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                                         FLT_INSTANCE_SETUP_FLAGS Flags,
                                         DEVICE_TYPE VolumeDeviceType,
                                         FLT_FILESYSTEM_TYPE VolumeFilesystemType);
    static FLT_PREOP_CALLBACK_STATUS FLTAPI PreCreate(PFLT_CALLBACK_DATA Data,
                                                      PCFLT_RELATED_OBJECTS FltObjects,
                                                      PVOID* CompletionContext);
    static FLT_PREOP_CALLBACK_STATUS FLTAPI PreWrite(PFLT_CALLBACK_DATA Data,
                                                     PCFLT_RELATED_OBJECTS FltObjects,
                                                     PVOID* CompletionContext);

    // port callbacks
    static NTSTATUS FLTAPI PortConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                       PVOID ConnectionContext, ULONG SizeOfContext,
                                       PVOID* ConnectionPortCookie);
    static VOID FLTAPI PortDisconnect(PVOID ConnectionCookie);
    static NTSTATUS FLTAPI PortMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                                       PVOID OutputBuffer, ULONG OutputBufferLength,
                                       PULONG ReturnOutputBufferLength);

private:
    static NTSTATUS OpenPort();
    static void ClosePort();
    static VolumeStats* StatsFor(PCFLT_RELATED_OBJECTS FltObjects);

    static PFLT_FILTER s_Filter;
    static PFLT_PORT   s_ServerPort;
    static PFLT_PORT   s_ClientPort;
    static EX_PUSH_LOCK s_Lock;
    static QueryReply  s_Stats;
};
