// driver.cpp - imglog: writes every image load to a text file.
// Everything is configurable under Services\ImgLog\Parameters.
#include <ntddk.h>
#include <ntstrsafe.h>
#include "config.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

cfg::Settings   g_Settings;
HANDLE          g_hLog = nullptr;
volatile LONG   g_Lines = 0;
volatile LONG   g_Dropped = 0;

constexpr ULONG kLineChars = 400;

void WriteLine(PCSTR line, size_t len)
{
    IO_STATUS_BLOCK iosb;
    ZwWriteFile(g_hLog, nullptr, nullptr, nullptr, &iosb,
                const_cast<PCHAR>(line), static_cast<ULONG>(len), nullptr, nullptr);
}

_Function_class_(LOAD_IMAGE_NOTIFY_ROUTINE)
void OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    if (g_Settings.SkipSystem && ProcessId == reinterpret_cast<HANDLE>(4)) {
        return;
    }
    if (FullImageName == nullptr) {
        return;
    }

    const LONG n = InterlockedIncrement(&g_Lines);
    if (static_cast<ULONG>(n) > g_Settings.MaxLines) {
        InterlockedIncrement(&g_Dropped);
        return;
    }

    CHAR line[kLineChars];
    size_t len = 0;
    NTSTATUS st = RtlStringCbPrintfA(line, sizeof(line), "%lu %p %8Ix %wZ\r\n",
                                     HandleToULong(ProcessId),
                                     ImageInfo->ImageBase,
                                     ImageInfo->ImageSize,
                                     FullImageName);
    if (!NT_SUCCESS(st) && st != STATUS_BUFFER_OVERFLOW) {
        return;
    }
    RtlStringCbLengthA(line, sizeof(line), &len);

    if (g_Settings.Verbose) {
        DbgPrint("imglog: %s", line);
    }
    WriteLine(line, len);
}

_Function_class_(DRIVER_UNLOAD)
void ImgLogUnload(PDRIVER_OBJECT)
{
    KdPrint(("imglog: unload, %ld lines, %ld dropped\n", g_Lines, g_Dropped));

    if (g_Settings.Enabled) {
        PsRemoveLoadImageNotifyRoutine(OnImageLoad);
        ZwClose(g_hLog);
        g_hLog = nullptr;
    }
}

} // anonymous namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    KdPrint(("imglog: DriverEntry %wZ\n", RegistryPath));

    status = cfg::Load(RegistryPath, g_Settings);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    cfg::Dump(g_Settings);

    DriverObject->DriverUnload = ImgLogUnload;

    if (!g_Settings.Enabled) {
        KdPrint(("imglog: disabled in registry, staying idle\n"));
        return STATUS_SUCCESS;
    }

    // open (or create) the log file, we always append
    {
        OBJECT_ATTRIBUTES oa;
        IO_STATUS_BLOCK iosb;

        InitializeObjectAttributes(&oa, &g_Settings.LogFile,
                                   OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
        status = ZwCreateFile(&g_hLog,
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
        KdPrint(("imglog: log %wZ -> 0x%08X (info %Iu)\n",
                 &g_Settings.LogFile, status, iosb.Information));
    }

    status = PsSetLoadImageNotifyRoutine(OnImageLoad);
    if (!NT_SUCCESS(status)) {
        KdPrint(("imglog: PsSetLoadImageNotifyRoutine 0x%08X\n", status));
        ZwClose(g_hLog);
        g_hLog = nullptr;
        cfg::Free(g_Settings);
        return status;
    }

    return STATUS_SUCCESS;
}
