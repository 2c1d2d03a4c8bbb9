#pragma once
//
// shared between the driver and pwclient.exe
//

#define PROCWATCH_DEVICE_NAME   L"\\Device\\ProcWatch"
#define PROCWATCH_SYMLINK_NAME  L"\\??\\ProcWatch"
#define PROCWATCH_WIN32_NAME    L"\\\\.\\ProcWatch"

enum class PwEventType : unsigned short
{
    None,
    ProcessCreate,
    ProcessExit,
};

struct PwEventHeader
{
    PwEventType     Type;
    unsigned short  Size;       // whole record including the image name
    LARGE_INTEGER   Time;
};

struct PwProcessCreate : PwEventHeader
{
    ULONG           ProcessId;
    ULONG           ParentProcessId;
    USHORT          ImageNameLength;    // bytes
    USHORT          ImageNameOffset;    // from start of record
};

struct PwProcessExit : PwEventHeader
{
    ULONG           ProcessId;
};
