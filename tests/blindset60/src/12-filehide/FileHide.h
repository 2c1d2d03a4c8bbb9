#pragma once
// FileHide.h - minifilter that hides files by name from directory listings.
// Names come from fhctl.exe through the \FileHidePort filter port.
#include <fltKernel.h>

#define FH_TAG          'dHlF'
#define FH_PORT_NAME    L"\\FileHidePort"
#define FH_MAX_NAME     255
#define FH_MAX_ENTRIES  64
#define FH_MAX_REISSUE  (FH_MAX_ENTRIES + 1)

#define FH_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[FileHide] " fmt "\n", __VA_ARGS__)

// fhctl.exe -> driver
enum FH_COMMAND_CODE : ULONG {
    FhAddName    = 1,
    FhClearNames = 3,           // 2 was "remove one", fhctl never used it
};

struct FH_COMMAND {
    FH_COMMAND_CODE Code;
    ULONG           NameLength;           // bytes
    WCHAR           Name[FH_MAX_NAME];
};

namespace fh {

extern PFLT_FILTER g_Filter;

// the set of hidden names; ERESOURCE because lookups vastly outnumber edits
class HideList {
public:
    static NTSTATUS Init();
    static void     Destroy();
    static NTSTATUS Add(PCWSTR name, USHORT bytes);
    static void     Clear();
    static bool     Contains(PCWCH name, ULONG bytes);

private:
    struct Entry {
        LIST_ENTRY     Link;
        UNICODE_STRING Name;            // buffer follows the struct
    };
    static void ClearLocked();

    static ERESOURCE  s_Lock;
    static LIST_ENTRY s_Head;
    static ULONG      s_Count;
    static bool       s_Initialized;
};

class Port {
public:
    static NTSTATUS Create(PFLT_FILTER filter);
    static void     Close();
private:
    static PFLT_PORT s_ServerPort;
    static PFLT_PORT s_ClientPort;

    static NTSTATUS FLTAPI OnConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                     PVOID ConnectionContext, ULONG SizeOfContext,
                                     PVOID* ConnectionPortCookie);
    static VOID     FLTAPI OnDisconnect(PVOID ConnectionCookie);
    static NTSTATUS FLTAPI OnMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                                     PVOID OutputBuffer, ULONG OutputBufferLength,
                                     PULONG ReturnOutputBufferLength);
};

// DirCtl.cpp
FLT_PREOP_CALLBACK_STATUS FLTAPI PreDirectoryControl(PFLT_CALLBACK_DATA Data,
                                                     PCFLT_RELATED_OBJECTS FltObjects,
                                                     PVOID* CompletionContext);
FLT_POSTOP_CALLBACK_STATUS FLTAPI PostDirectoryControl(PFLT_CALLBACK_DATA Data,
                                                       PCFLT_RELATED_OBJECTS FltObjects,
                                                       PVOID CompletionContext,
                                                       FLT_POST_OPERATION_FLAGS Flags);

} // namespace fh
