// guardfs - minifilter that refuses deletes / renames below protected
// directories and reports each refusal to a user-mode service.
#pragma once

extern "C" {
#include <fltKernel.h>
}

#define GFS_TAG             'sfDG'
#define GFS_PORT_NAME       L"\\GuardFsPort"
#define GFS_MAX_PATH        260

#define GFS_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "guardfs: " fmt "\n", ##__VA_ARGS__)

enum GFS_COMMAND : ULONG {
    GfsCmdAddPrefix    = 1,
    GfsCmdClearPrefixes = 2,
};

struct GFS_COMMAND_MESSAGE {
    GFS_COMMAND Command;
    ULONG       PathLength;                 // bytes
    WCHAR       Path[GFS_MAX_PATH];
};

struct GFS_BLOCK_NOTIFICATION {
    ULONG ProcessId;
    ULONG Operation;                        // IRP_MJ_xxx
    WCHAR Path[GFS_MAX_PATH];
};

struct GfsPrefix {
    LIST_ENTRY     Link;
    UNICODE_STRING Path;
    WCHAR          Buffer[ANYSIZE_ARRAY];
};

class Globals {
public:
    static NTSTATUS Init();
    static void     Cleanup();

    static PFLT_FILTER            Filter;
    static NPAGED_LOOKASIDE_LIST  NotifyLookaside;
    static ERESOURCE              PrefixLock;
    static LIST_ENTRY             Prefixes;
    static volatile LONG          Blocked;

private:
    static bool s_LookasideReady;
    static bool s_LockReady;
};

class Policy {
public:
    static NTSTATUS AddPrefix(PCUNICODE_STRING Path);
    static void     ClearPrefixes();
    static bool     IsProtected(PCUNICODE_STRING Name);

    static FLT_PREOP_CALLBACK_STATUS FLTAPI PreSetInformation(PFLT_CALLBACK_DATA Data,
                                                              PCFLT_RELATED_OBJECTS FltObjects,
                                                              PVOID* CompletionContext);
private:
    static FLT_PREOP_CALLBACK_STATUS Deny(PFLT_CALLBACK_DATA Data, PCUNICODE_STRING Name);
};

class CommPort {
public:
    static NTSTATUS Open(PFLT_FILTER Filter);
    static void     Close();
    static void     NotifyBlocked(ULONG Pid, ULONG Operation, PCUNICODE_STRING Path);

private:
    static NTSTATUS FLTAPI OnConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                     PVOID ConnectionContext, ULONG SizeOfContext,
                                     PVOID* ConnectionCookie);
    static VOID     FLTAPI OnDisconnect(PVOID ConnectionCookie);
    static NTSTATUS FLTAPI OnMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                                     PVOID OutputBuffer, ULONG OutputBufferLength,
                                     PULONG ReturnOutputBufferLength);

    static PFLT_PORT s_ServerPort;
    static PFLT_PORT s_ClientPort;
};

class Filter {
public:
    static const FLT_REGISTRATION Registration;

    static NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS Flags);
    static NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                                         FLT_INSTANCE_SETUP_FLAGS Flags,
                                         DEVICE_TYPE VolumeDeviceType,
                                         FLT_FILESYSTEM_TYPE VolumeFilesystemType);
};

extern "C" DRIVER_INITIALIZE DriverEntry;
