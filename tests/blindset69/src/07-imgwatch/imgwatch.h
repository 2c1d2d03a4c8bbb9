#pragma once
#include <ntddk.h>

#define IW_TAG          'hWmI'
#define IW_MAX_QUEUED   256
#define IW_NAME_CCH     128

#if DBG
#define IWTRACE(fmt, ...) DbgPrint("imgwatch: " fmt "\n", __VA_ARGS__)
#else
#define IWTRACE(fmt, ...) ((void)0)
#endif

namespace iw {

struct ImageEvent {
    LIST_ENTRY Link;
    HANDLE     ProcessId;
    PVOID      ImageBase;
    SIZE_T     ImageSize;
    BOOLEAN    SystemImage;
    WCHAR      Name[IW_NAME_CCH];
};

class Queue {
public:
    static void Init();
    static bool Push(ImageEvent* ev);          // false if full
    static ImageEvent* Pop();
    static void Drain();
    static PKEVENT Signal() { return &s_ready; }
private:
    static KSPIN_LOCK s_lock;
    static LIST_ENTRY s_head;
    static ULONG s_depth;
    static KEVENT s_ready;
};

class Worker {
public:
    static NTSTATUS Start();
    static void RequestStop();
    static void WaitForExit();
    static HANDLE Handle() { return s_thread; }
    static PKEVENT StopEvent() { return &s_stop; }
private:
    static KSTART_ROUTINE Main;
    static HANDLE s_thread;
    static PETHREAD s_threadObj;
    static KEVENT s_stop;
};

void OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

} // namespace iw
