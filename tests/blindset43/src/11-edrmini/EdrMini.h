#pragma once

#include <fltKernel.h>

#define EM_TAG        'iMdE'
#define EM_PORT_NAME  L"\\EdrMiniPort"

#define EM_TRACE(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[edrmini] %s: " fmt "\n", __FUNCTION__, ##__VA_ARGS__)

namespace em {

enum class EventKind : ULONG { ProcessStart = 1, ProcessStop, ImageLoad, FileWrite };

#pragma pack(push, 8)
struct Event {
    EventKind     Kind;
    ULONG         ProcessId;
    ULONG         ParentId;
    ULONG         Reserved;
    ULONG_PTR     ImageBase;
    LARGE_INTEGER Time;
    WCHAR         Name[260];
};
#pragma pack(pop)

inline void FillName(Event& ev, PCUNICODE_STRING s)
{
    ev.Name[0] = L'\0';
    if (s == nullptr || s->Buffer == nullptr) {
        return;
    }
    SIZE_T cch = min((SIZE_T)s->Length / sizeof(WCHAR), ARRAYSIZE(ev.Name) - 1);
    RtlCopyMemory(ev.Name, s->Buffer, cch * sizeof(WCHAR));
    ev.Name[cch] = L'\0';
}

class Port {
public:
    static NTSTATUS Open(PFLT_FILTER filter);
    static void     Close();
    static void     Post(Event& ev);
private:
    static NTSTATUS FLTAPI Connect(PFLT_PORT, PVOID, PVOID, ULONG, PVOID*);
    static VOID     FLTAPI Disconnect(PVOID);

    static PFLT_FILTER    s_Filter;
    static PFLT_PORT      s_Server;
    static PFLT_PORT      s_Client;
    static ULONG          s_AgentPid;
};

class Notify {
public:
    static NTSTATUS StartProcess();
    static void     StopProcess();
    static NTSTATUS StartImage();
    static void     StopImage();
private:
    static VOID OnProcess(PEPROCESS, HANDLE, PPS_CREATE_NOTIFY_INFO);
    static VOID OnImage(PUNICODE_STRING, HANDLE, PIMAGE_INFO);
};

} // namespace em
