// portmux.h - minifilter that fans file events out to several
// user-mode listeners over one communication port.
#pragma once

extern "C" {
#include <fltKernel.h>
}

#define PMX_PORT_NAME       L"\\PortMuxPort"
#define PMX_MAX_CLIENTS     4
#define PMX_TAG             'xmPP'

#define PMX_DBG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "portmux: " fmt "\n", ##__VA_ARGS__)
#define PMX_ERR(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "portmux!ERR: " fmt "\n", ##__VA_ARGS__)

#pragma pack(push, 1)
struct PMX_EVENT {
    ULONG  Size;
    ULONG  ProcessId;
    UCHAR  MajorFunction;
    USHORT NameLength;          // bytes
    WCHAR  Name[260];
};
#pragma pack(pop)

namespace pmx {

class Mux {
public:
    static NTSTATUS Open(_In_ PFLT_FILTER Filter);
    static void     Close();
    static void     Broadcast(_In_ const PMX_EVENT* Event);
    static LONG     ClientCount() { return s_Connected; }

private:
    static NTSTATUS FLTAPI OnConnect(PFLT_PORT ClientPort, PVOID ServerCookie,
                                     PVOID Context, ULONG Size, PVOID* ConnectionCookie);
    static VOID     FLTAPI OnDisconnect(PVOID ConnectionCookie);
    static NTSTATUS FLTAPI OnMessage(PVOID PortCookie, PVOID In, ULONG InLen,
                                     PVOID Out, ULONG OutLen, PULONG Returned);

    static PFLT_FILTER s_Filter;
    static PFLT_PORT   s_ServerPort;
    static PFLT_PORT   s_Clients[PMX_MAX_CLIENTS];
    static EX_PUSH_LOCK s_Lock;
    static volatile LONG s_Connected;
};

} // namespace pmx

extern PFLT_FILTER g_Filter;
