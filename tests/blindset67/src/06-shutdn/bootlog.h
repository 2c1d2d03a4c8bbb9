// bootlog.h - keeps a RAM log from early boot and spills it to disk
//              when the file system shows up (reinit) and at shutdown.
#pragma once

#include <ntddk.h>

#define BL_TAG           'golB'
#define BL_DEVICE_NAME   L"\\Device\\BootLog"
#define BL_LINK_NAME     L"\\DosDevices\\BootLog"
#define BL_FILE_NAME     L"\\SystemRoot\\Temp\\bootlog.txt"

#define BL_BUFFER_SIZE   (64 * 1024)
#define BL_MAX_LINES     1024
#define BL_MAX_REINIT    8

#ifdef BL_VERBOSE
#  define BLTRACE(fmt, ...) DbgPrint("[bootlog] %s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#else
#  define BLTRACE(fmt, ...) KdPrint(("[bootlog] " fmt "\n", __VA_ARGS__))
#endif

namespace bl {

class BootLog {
public:
    static bool     AllocBuffers();
    static void     FreeBuffers();
    static void     Append(_In_z_ const char* Text);
    static NTSTATUS Flush();
    static NTSTATUS OpenFile();
    static void     CloseFile();
    static bool     FileReady() { return s_File != nullptr; }

private:
    static char*    s_Buffer;      // BL_BUFFER_SIZE bytes
    static ULONG*   s_LineStart;   // offsets of each line, BL_MAX_LINES
    static ULONG    s_Used;
    static ULONG    s_Lines;
    static ULONG    s_Flushed;
    static HANDLE   s_File;
    static FAST_MUTEX s_Lock;
};

} // namespace bl
