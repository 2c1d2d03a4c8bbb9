#include "wsklog.h"

PETHREAD      LogPump::s_Thread = nullptr;
KEVENT        LogPump::s_StopEvent;
KEVENT        LogPump::s_DataEvent;
LIST_ENTRY    LogPump::s_Queue;
KSPIN_LOCK    LogPump::s_Lock;
volatile LONG LogPump::s_Depth = 0;

void LogPump::Init()
{
    InitializeListHead(&s_Queue);
    KeInitializeSpinLock(&s_Lock);
    KeInitializeEvent(&s_StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&s_DataEvent, SynchronizationEvent, FALSE);
    s_Depth = 0;
}

NTSTATUS LogPump::Start()
{
    HANDLE handle = nullptr;
    RETURN_IF_NT_FAILED(PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, nullptr, nullptr, nullptr, Main, nullptr));

    NTSTATUS status = ObReferenceObjectByHandle(handle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                                reinterpret_cast<PVOID*>(&s_Thread), nullptr);
    if (!NT_SUCCESS(status)) {
        // can't keep a pointer to it: stop it and wait on the handle instead
        KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(handle, FALSE, nullptr);
        s_Thread = nullptr;
    }

    ZwClose(handle);
    return status;
}

void LogPump::Stop()
{
    if (s_Thread == nullptr) {
        return;
    }

    KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(s_Thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(s_Thread);
    s_Thread = nullptr;

    Drain();
}

void LogPump::Post(const char* Format, ...)
{
    if (InterlockedIncrement(&s_Depth) > WL_QUEUE_MAX) {
        InterlockedDecrement(&s_Depth);
        return;
    }

    auto line = static_cast<LogLine*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(LogLine), WL_TAG));
    if (line == nullptr) {
        InterlockedDecrement(&s_Depth);
        return;
    }

    va_list args;
    va_start(args, Format);
    NTSTATUS status = RtlStringCbVPrintfA(line->Text, sizeof(line->Text), Format, args);
    va_end(args);

    if (!NT_SUCCESS(status) && status != STATUS_BUFFER_OVERFLOW) {
        ExFreePoolWithTag(line, WL_TAG);
        InterlockedDecrement(&s_Depth);
        return;
    }

    size_t length = 0;
    RtlStringCbLengthA(line->Text, sizeof(line->Text), &length);
    line->Length = static_cast<ULONG>(length);

    ExInterlockedInsertTailList(&s_Queue, &line->Link, &s_Lock);
    KeSetEvent(&s_DataEvent, IO_NO_INCREMENT, FALSE);
}

LogLine* LogPump::Pop()
{
    PLIST_ENTRY entry = ExInterlockedRemoveHeadList(&s_Queue, &s_Lock);
    if (entry == nullptr) {
        return nullptr;
    }
    InterlockedDecrement(&s_Depth);
    return CONTAINING_RECORD(entry, LogLine, Link);
}

void LogPump::Drain()
{
    ULONG dropped = 0;
    while (LogLine* line = Pop()) {
        ExFreePoolWithTag(line, WL_TAG);
        dropped++;
    }
    if (dropped) {
        WL_DBG("dropped %lu unsent lines", dropped);
    }
}

void LogPump::Main(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    PVOID objects[] = { &s_StopEvent, &s_DataEvent };

    for (;;) {
        const NTSTATUS wait = KeWaitForMultipleObjects(ARRAYSIZE(objects), objects, WaitAny, Executive,
                                                       KernelMode, FALSE, nullptr, nullptr);
        if (wait == STATUS_WAIT_0) {
            break;
        }

        while (LogLine* line = Pop()) {
            if (line->Length) {
                (void)WskClient::Send(line->Text, line->Length);
            }
            ExFreePoolWithTag(line, WL_TAG);
        }
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}
