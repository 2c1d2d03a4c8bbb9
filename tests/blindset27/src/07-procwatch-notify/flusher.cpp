// flusher.cpp - background thread that appends ring records to the log file.
#include "procwatch.h"

KEVENT   g_StopFlusher;
PETHREAD g_FlusherThread = nullptr;

static const PCWSTR kKindNames[] = { L"?", L"START", L"EXIT", L"IMAGE" };

static NTSTATUS
PwOpenLog(_Out_ PHANDLE File)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"\\SystemRoot\\Temp\\procwatch.log");
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);

    return ZwCreateFile(File,
                        FILE_APPEND_DATA | SYNCHRONIZE,
                        &oa,
                        &iosb,
                        nullptr,
                        FILE_ATTRIBUTE_NORMAL,
                        FILE_SHARE_READ,
                        FILE_OPEN_IF,
                        FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE,
                        nullptr,
                        0);
}

static void
PwWriteBatch(HANDLE file, const PwRecord* recs, ULONG count)
{
    CHAR line[320];
    IO_STATUS_BLOCK iosb;

    for (ULONG i = 0; i < count; i++) {
        const PwRecord& r = recs[i];
        ULONG kind = static_cast<ULONG>(r.Kind);
        size_t remaining = 0;

        if (kind >= RTL_NUMBER_OF(kKindNames)) {
            kind = 0;
        }

        NTSTATUS status = RtlStringCbPrintfExA(line, sizeof(line), nullptr, &remaining, 0,
                                               "%I64d %ws pid=%lu ppid=%lu %ws\r\n",
                                               r.Time.QuadPart, kKindNames[kind],
                                               r.ProcessId, r.ParentId, r.Name);
        if (!NT_SUCCESS(status) && status != STATUS_BUFFER_OVERFLOW) {
            continue;
        }

        ULONG bytes = static_cast<ULONG>(sizeof(line) - remaining);
        ZwWriteFile(file, nullptr, nullptr, nullptr, &iosb, line, bytes, nullptr, nullptr);
    }
}

void
PwFlusherMain(_In_ PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    static PwRecord batch[64];
    HANDLE file = nullptr;
    LARGE_INTEGER period;
    period.QuadPart = -10LL * 1000 * PW_FLUSH_PERIOD_MS;

    NTSTATUS status = PwOpenLog(&file);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcWatch: cannot open log 0x%08X, records will be discarded\n", status));
        file = nullptr;
    }

    for (;;) {
        status = KeWaitForSingleObject(&g_StopFlusher, Executive, KernelMode, FALSE, &period);
        bool stopping = (status == STATUS_SUCCESS);

        ULONG n;
        while ((n = g_Ring.Drain(batch, RTL_NUMBER_OF(batch))) != 0) {
            if (file != nullptr) {
                PwWriteBatch(file, batch, n);
            }
        }

        if (stopping) {
            break;
        }
    }

    if (file != nullptr) {
        ZwClose(file);
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
PwStartFlusher()
{
    HANDLE thread;
    OBJECT_ATTRIBUTES oa;

    KeInitializeEvent(&g_StopFlusher, NotificationEvent, FALSE);

    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    NTSTATUS status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, &oa,
                                           nullptr, nullptr, PwFlusherMain, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&g_FlusherThread), nullptr);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&g_StopFlusher, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, nullptr);
        ZwClose(thread);
        g_FlusherThread = nullptr;
        return status;
    }

    ZwClose(thread);
    return STATUS_SUCCESS;
}

void
PwStopFlusher()
{
    if (g_FlusherThread == nullptr) {
        return;
    }

    KeSetEvent(&g_StopFlusher, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_FlusherThread, Executive, KernelMode, FALSE, nullptr);
    g_FlusherThread = nullptr;
}
